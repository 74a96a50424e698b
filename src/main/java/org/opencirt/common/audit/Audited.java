package org.opencirt.common.audit;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a resource under the audit trail (docs/audit.md). Every POST, PUT, PATCH and DELETE of the
 * resource runs in one transaction that also writes its audit entry, and GETs marked
 * {@link SensitiveRead} write one too. Put it on every resource class of the API; the
 * {@code audit} feature's interceptor does the rest.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Audited {}
