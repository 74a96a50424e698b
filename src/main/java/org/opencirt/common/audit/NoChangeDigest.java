package org.opencirt.common.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An audited operation whose body is a secret: its entry holds no digest of the body, since a
 * digest of a short secret could be guessed back.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NoChangeDigest {}
