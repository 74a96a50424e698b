package org.opencirt.audit;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.ChangesNothing;
import org.opencirt.common.audit.NoChangeDigest;
import org.opencirt.common.audit.SensitiveRead;
import org.opencirt.common.audit.SharedCopies;
import org.opencirt.common.audit.SharedCopy;
import org.opencirt.common.audit.SharedRead;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.web.ClientAddresses;
import org.opencirt.tenant.TenantContext;

/**
 * The one writer of the audit trail (docs/audit.md, ADR 34). Around every POST, PUT, PATCH and
 * DELETE of an {@link Audited} resource, and every {@link SensitiveRead} GET, it runs the resource
 * method in a transaction (the services' transactions join it) and, when the answer is a success,
 * appends the entry in that same transaction before it commits. An exception or an answer of 400
 * or more rolls everything back and leaves no entry; an entry that cannot be written rolls the
 * change back.
 *
 * <p>It runs inside {@code IdempotencyInterceptor} (a higher priority number), so a replayed answer
 * writes nothing and the idempotency key's own bookkeeping stays in its separate transactions.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION + 100)
public class AuditInterceptor {

    /** The header a caller or proxy may send to name its request; anything else gets a new UUID. */
    static final String REQUEST_ID = "X-Request-Id";

    private static final Pattern USABLE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
    private static final Set<String> ROLES =
            Set.of("analyst", "lead", "cirt-admin", "platform-admin", "partner", "reporter");

    private static final Set<String> OPEN_TLP = Set.of("clear", "white", "green");

    @Inject
    AuditTrail trail;

    @Inject
    TransactionManager transactions;

    @Inject
    AuditConfig config;

    @Inject
    SecurityIdentity identity;

    @Inject
    TenantContext tenant;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddresses clients;

    @Inject
    ObjectMapper json;

    /** A console form's fields gathered in a {@code @BeanParam} class, which has fields and no getters. */
    private volatile ObjectMapper formFields;

    private ObjectMapper formFields() {
        var mapper = formFields;
        if (mapper == null) {
            mapper = json.copy()
                    .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                    .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                    .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
            formFields = mapper;
        }
        return mapper;
    }

    @AroundInvoke
    Object audit(InvocationContext context) throws Exception {
        var method = context.getMethod();
        if (!config.enabled() || !isAudited(method) || isOpenTlp(method, context.getParameters())) {
            return context.proceed();
        }
        var streamDigest = wrapStreams(context);
        var began = transactions.getStatus() == Status.STATUS_NO_TRANSACTION;
        if (began) {
            transactions.setTransactionTimeout(
                    (int) Math.max(1, config.transactionTimeout().toSeconds()));
            try {
                transactions.begin();
            } finally {
                transactions.setTransactionTimeout(0); // the service transactions' default again
            }
        }
        Object result;
        try {
            result = context.proceed();
        } catch (Exception | Error e) {
            if (began) {
                rollback();
            }
            throw e;
        }
        var status = result instanceof Response response ? response.getStatus() : 200;
        if (status >= 400 || (isConsole(resourceClass(context)) && rolledBackByTheOperation())) {
            if (began) {
                rollback();
            }
            return result;
        }
        try {
            for (var draft : drafts(context, result, streamDigest)) {
                trail.append(draft);
            }
        } catch (RuntimeException e) {
            if (began) {
                rollback();
            }
            throw e;
        }
        if (began) {
            transactions.commit();
        }
        return result;
    }

    /** Changes, and the reads that carry a CIRT's content out of it. */
    static boolean isAudited(Method method) {
        if (method.isAnnotationPresent(ChangesNothing.class)) {
            return false;
        }
        return method.isAnnotationPresent(POST.class)
                || method.isAnnotationPresent(PUT.class)
                || method.isAnnotationPresent(PATCH.class)
                || method.isAnnotationPresent(DELETE.class)
                || method.isAnnotationPresent(SensitiveRead.class)
                || method.isAnnotationPresent(SharedRead.class);
    }

    /**
     * Whether a service the operation called marked the transaction for rollback and the operation answered anyway
     * (a console form shown again with the service's findings): nothing was stored, so nothing is recorded.
     */
    private boolean rolledBackByTheOperation() throws Exception {
        return transactions.getStatus() == Status.STATUS_MARKED_ROLLBACK;
    }

    /** A read of content whose TLP lets it go to anyone (a CSAF directory's CLEAR, WHITE or GREEN folder). */
    private static boolean isOpenTlp(Method method, Object[] arguments) {
        if (!method.isAnnotationPresent(SensitiveRead.class)) {
            return false;
        }
        var tlp = pathParameter(method, arguments, "tlp");
        return tlp != null && OPEN_TLP.contains(tlp.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The action of a resource method: the resource class's name without {@code Resource}, first letter in lower
     * case, a dot, the method's name ({@code IncidentResource.create} gives {@code incident.create}). The OpenAPI
     * document names the same operation {@code IncidentResource_create} (its operationId).
     */
    static String action(Class<?> resource, Method method) {
        if (isConsole(resource)) {
            return consoleAction(resource, method);
        }
        var name = resource.getSimpleName().replaceFirst("Resource$", "");
        return Character.toLowerCase(name.charAt(0)) + name.substring(1) + "." + method.getName();
    }

    /**
     * The action of a console form's route: {@code console.}, the page class's name without {@code Page}, first letter
     * in lower case, a dot, the method's name ({@code IncidentPage.comment} gives {@code console.incident.comment}).
     */
    static String consoleAction(Class<?> page, Method method) {
        var name = page.getSimpleName().replaceFirst("Page$", "");
        return "console." + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "." + method.getName();
    }

    private static boolean isConsole(Class<?> resource) {
        var path = resource.getAnnotation(Path.class);
        return path != null && (path.value().equals("/console") || path.value().startsWith("/console/"));
    }

    private void rollback() {
        try {
            if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transactions.rollback();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the audited transaction could not be rolled back", e);
        }
    }

    /** The entry of an operation; a {@link SharedRead} has one in each owner's chain (none when it read no copy). */
    private List<AuditTrail.Draft> drafts(InvocationContext context, Object result, MessageDigest streamDigest)
            throws Exception {
        var draft = draft(context, result, streamDigest);
        if (!context.getMethod().isAnnotationPresent(SharedRead.class)) {
            return List.of(draft);
        }
        var reader = (draft.tenant() == null ? "platform" : draft.tenant()) + "/" + draft.actor();
        return owners(result).stream()
                .map(owner -> new AuditTrail.Draft(
                        owner,
                        reader,
                        draft.roles(),
                        draft.action(),
                        draft.objectType(),
                        draft.objectId(),
                        draft.requestId(),
                        draft.sourceAddress(),
                        draft.changeDigest()))
                .toList();
    }

    /** The CIRTs whose shared content an answer holds, sorted (so two answers lock their chains in one order). */
    static List<String> owners(Object result) {
        var owners = new TreeSet<String>();
        var body = result instanceof Response response ? response.getEntity() : result;
        if (body instanceof TemplateInstance page
                && page.getAttribute(SharedCopies.ATTRIBUTE) instanceof SharedCopies shown) {
            owners.addAll(shown.ownerCirts());
        } else if (body instanceof SharedCopies copies) {
            owners.addAll(copies.ownerCirts());
        } else if (body instanceof SharedCopy copy) {
            owners.add(copy.ownerCirt());
        } else if (body instanceof Iterable<?> items) {
            for (var item : items) {
                if (item instanceof SharedCopy copy) {
                    owners.add(copy.ownerCirt());
                }
            }
        }
        return List.copyOf(owners);
    }

    private AuditTrail.Draft draft(InvocationContext context, Object result, MessageDigest streamDigest)
            throws Exception {
        var method = context.getMethod();
        var resource = resourceClass(context);
        var object = object(resource, method, context.getParameters(), result);
        var digest = method.isAnnotationPresent(NoChangeDigest.class) ? null : changeDigest(context, streamDigest);
        return new AuditTrail.Draft(
                tenantOf(method, context.getParameters()),
                identity.isAnonymous() ? "anonymous" : tenant.actor(),
                rolesUsed(resource, method),
                action(resource, method),
                object[0],
                object[1],
                requestId(),
                clients.of(request),
                digest);
    }

    private static Class<?> resourceClass(InvocationContext context) {
        var type = context.getTarget().getClass();
        // the CDI subclass of the resource, when there is one
        while (type.getSuperclass() != null && !type.isAnnotationPresent(Path.class)) {
            type = type.getSuperclass();
        }
        return type;
    }

    /**
     * The chain the entry goes to: the CIRT a path names ({@code {cirt}}, as in a TAXII root), else the caller's
     * CIRT, else the CIRT an anonymous report names in its body, else the platform's (null).
     */
    private String tenantOf(Method method, Object[] arguments) {
        var fromPath = pathParameter(method, arguments, "cirt");
        if (fromPath != null) {
            return fromPath;
        }
        if (!identity.isAnonymous()) {
            try {
                return tenant.tenantId();
            } catch (ApiException noCirt) {
                return null; // the platform's own callers carry no CIRT
            }
        }
        for (var argument : arguments) {
            if (argument != null && argument.getClass().isRecord()) {
                var cirt = json.valueToTree(argument).path("cirt");
                if (cirt.isTextual()) {
                    return cirt.asText();
                }
            }
        }
        return null;
    }

    private static String pathParameter(Method method, Object[] arguments, String name) {
        var parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            var path = parameters[i].getAnnotation(PathParam.class);
            if (path != null && path.value().equals(name) && arguments[i] != null) {
                return arguments[i].toString();
            }
        }
        return null;
    }

    /**
     * The object: what a 201 created (the last two segments of its {@code Location}), else the last path
     * parameter of the operation and the literal segment before it, else the resource's collection.
     */
    private static String[] object(Class<?> resource, Method method, Object[] arguments, Object result) {
        if (result instanceof Response response && response.getStatus() == 201 && response.getLocation() != null) {
            var segments =
                    segments(URI.create(response.getLocation().toString()).getPath());
            if (segments.size() >= 2) {
                return new String[] {segments.get(segments.size() - 2), segments.getLast()};
            }
        }
        var created = consoleCreated(resource, method, result);
        if (created != null) {
            return created;
        }
        var template = template(resource, method);
        var segments = segments(template);
        for (int i = segments.size() - 1; i >= 0; i--) {
            var matcher = TEMPLATE_PARAMETER.matcher(segments.get(i));
            if (matcher.matches()) {
                var value = pathParameter(method, arguments, matcher.group(1));
                var type = i > 0 && !segments.get(i - 1).startsWith("{") ? segments.get(i - 1) : matcher.group(1);
                return new String[] {type, value};
            }
        }
        return new String[] {segments.isEmpty() ? null : segments.getLast(), null};
    }

    /**
     * What a console form without a path parameter created: the page its 303 sends the browser to, when that names one
     * object ({@code /console/advisories/{id}} gives {@code advisories} and the id); null otherwise.
     */
    private static String[] consoleCreated(Class<?> resource, Method method, Object result) {
        if (!isConsole(resource)
                || !(result instanceof Response response)
                || response.getStatus() != 303
                || response.getLocation() == null
                || TEMPLATE_PARAMETER.matcher(template(resource, method)).find()) {
            return null;
        }
        var segments = segments(URI.create(response.getLocation().toString()).getPath());
        return segments.size() == 3 ? new String[] {segments.get(1), segments.get(2)} : null;
    }

    private static String template(Class<?> resource, Method method) {
        var base = resource.getAnnotation(Path.class);
        var sub = method.getAnnotation(Path.class);
        return (base == null ? "" : base.value()) + "/" + (sub == null ? "" : sub.value());
    }

    private static List<String> segments(String path) {
        var segments = new ArrayList<String>();
        for (var segment : path.split("/")) {
            if (!segment.isBlank()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** The caller's roles that the operation allows (all of the caller's platform roles when it names none). */
    private String rolesUsed(Class<?> resource, Method method) {
        if (identity.isAnonymous()) {
            return "";
        }
        var allowed = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class)
                : resource.getAnnotation(RolesAllowed.class);
        var candidates = allowed == null ? ROLES : Set.of(allowed.value());
        var used = new TreeSet<String>();
        for (var role : identity.getRoles()) {
            if (candidates.contains(role) && ROLES.contains(role)) {
                used.add(role);
            }
        }
        return String.join(",", used);
    }

    private String requestId() {
        var sent = request.getHeader(REQUEST_ID);
        return sent != null && USABLE_REQUEST_ID.matcher(sent).matches()
                ? sent
                : UUID.randomUUID().toString();
    }

    /**
     * SHA-256 over the operation's arguments: each one's JSON (a byte array as itself, a stream as the SHA-256 of
     * what the resource read of it), separated by a zero byte; context objects are left out.
     */
    private String changeDigest(InvocationContext context, MessageDigest streamDigest) throws Exception {
        var digest = Digests.newSha256();
        digest.update(context.getMethod().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var parameters = context.getMethod().getParameters();
        var arguments = context.getParameters();
        for (int i = 0; i < arguments.length; i++) {
            var argument = arguments[i];
            if (argument instanceof UriInfo
                    || argument instanceof HttpHeaders
                    || argument instanceof Request
                    || argument instanceof SecurityContext) {
                continue;
            }
            digest.update((byte) 0);
            if (argument instanceof DigestInputStream) {
                digest.update(streamDigest.digest());
            } else if (argument instanceof FileUpload upload) {
                digest.update(fileDigest(upload));
            } else if (parameters[i].isAnnotationPresent(BeanParam.class)) {
                digest.update(formFields().writeValueAsBytes(argument));
            } else {
                digest.update(argument instanceof byte[] bytes ? bytes : json.writeValueAsBytes(argument));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** An uploaded file of a console form, by the SHA-256 of its bytes (its name and type are in the page's fields). */
    private static byte[] fileDigest(FileUpload upload) throws java.io.IOException {
        if (upload.uploadedFile() == null) {
            return new byte[0];
        }
        var digest = Digests.newSha256();
        try (var in = new DigestInputStream(java.nio.file.Files.newInputStream(upload.uploadedFile()), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    /** Streams of the body get read through a digest, so that the entry can say what was sent without keeping it. */
    private static MessageDigest wrapStreams(InvocationContext context) {
        var arguments = context.getParameters();
        var digest = Digests.newSha256();
        var wrapped = false;
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] instanceof InputStream stream) {
                arguments[i] = new DigestInputStream(stream, digest);
                wrapped = true;
            }
        }
        if (wrapped) {
            context.setParameters(Arrays.copyOf(arguments, arguments.length));
        }
        return digest;
    }
}
