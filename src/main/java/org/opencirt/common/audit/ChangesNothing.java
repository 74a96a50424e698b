package org.opencirt.common.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A POST of an {@link Audited} resource that changes nothing and reads nothing of a CIRT's content
 * out of it (a validation, a signature check, a dry run): it leaves no audit entry.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChangesNothing {}
