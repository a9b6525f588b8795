package dev.etcdj.mapper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a record component out of etcd: it is never written, and reads give it its default value
 * ({@code null}, {@code 0}, {@code false} or {@code Optional.empty()}). Honoured on record components only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface EtcdIgnore {
}
