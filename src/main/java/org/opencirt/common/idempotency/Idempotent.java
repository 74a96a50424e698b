package org.opencirt.common.idempotency;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST endpoint (returning a {@code Response}) that honours the {@code Idempotency-Key}
 * header: the same key with the same body answers the first answer again without doing the work
 * twice; the same key with another body answers 422.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Idempotent {}
