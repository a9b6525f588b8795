/**
 * The etcdj API: the {@link dev.etcdj.api.Etcd} facade, the model, errors, options and the continuous
 * watch, written once against the {@link dev.etcdj.api.spi.EtcdAdapter} SPI. Depends on {@code java.base}
 * only; transports live in other modules.
 */
@SuppressWarnings("module")   // the internal package's readers are compiled after this module
module dev.etcdj.api {
    exports dev.etcdj.api;
    exports dev.etcdj.api.spi;
    exports dev.etcdj.api.admin;
    exports dev.etcdj.api.recipes;
    exports dev.etcdj.api.internal to dev.etcdj.http, dev.etcdj.testkit;
}
