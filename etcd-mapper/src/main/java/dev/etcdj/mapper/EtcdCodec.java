package dev.etcdj.mapper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The codec of one record component, overriding the mapper's codec for its type. The class needs a public
 * no-argument constructor; it is instantiated once per record type. Honoured on value components (not on
 * records, collections, maps or optionals).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface EtcdCodec {
    /**
     * The codec class.
     *
     * @return the codec class; it needs a public no-argument constructor
     */
    @SuppressWarnings("rawtypes")
    Class<? extends Codec<?>> value();
}
