/** The gateway's JSON: request bodies and answers. Not part of the API. */
package dev.etcdj.v3.http.internal;
