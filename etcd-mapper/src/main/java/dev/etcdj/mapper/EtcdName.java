package dev.etcdj.mapper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The etcd key of a record component, instead of the component's name. Honoured on record components
 * only. The name must be a valid, visible key segment: not empty, no {@code /}, not starting with
 * {@code _} or {@code ~}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface EtcdName {
    /**
     * The key.
     *
     * @return the key segment the component is stored under
     */
    String value();
}
