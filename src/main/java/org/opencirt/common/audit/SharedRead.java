package org.opencirt.common.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A GET of an {@link Audited} resource that answers copies of content other CIRTs shared with the caller's CIRT
 * ({@code /api/v1/shared/*}): its entry goes into the chain of each CIRT whose content the answer holds (each
 * {@link SharedCopy} names its owner), so that the owner sees who read what it shared. The actor names the reader's
 * CIRT ({@code cert-cd/cd-analyst}). An answer that holds no copy leaves no entry.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SharedRead {}
