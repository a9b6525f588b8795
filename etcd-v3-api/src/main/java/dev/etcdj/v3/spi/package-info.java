/** The transport SPI of the v3 client: what an adapter implements. */
package dev.etcdj.v3.spi;
