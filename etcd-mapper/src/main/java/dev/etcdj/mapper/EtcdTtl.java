package dev.etcdj.mapper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link java.time.Duration} component that is the TTL of the record's directory: written as the
 * directory's TTL (null: permanent) and read back as its remaining TTL, rounded up to a second. At most one
 * per record, on the top-level record of a {@link Repository}; honoured on record components only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface EtcdTtl {
}
