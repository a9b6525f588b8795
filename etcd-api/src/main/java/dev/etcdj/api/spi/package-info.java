/**
 * The adapter SPI: a transport turns a validated {@link dev.etcdj.api.spi.EtcdRequest} into an
 * {@link dev.etcdj.api.EtcdResult} or an {@link dev.etcdj.api.EtcdException}. The HTTP adapter and the
 * in-memory fake implement it; the facade, the watch and the recipes are written once against it.
 */
package dev.etcdj.api.spi;
