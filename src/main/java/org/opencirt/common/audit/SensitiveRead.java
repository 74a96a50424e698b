package org.opencirt.common.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A GET of an {@link Audited} resource whose answer carries a CIRT's content out of the CIRT (a
 * partner's pull, an attachment download): it leaves an audit entry like a change does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SensitiveRead {}
