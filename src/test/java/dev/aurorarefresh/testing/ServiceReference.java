package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * AWS's Service Authorization Reference (src/test/resources/aws-service-reference, format v1.4):
 * which IAM actions one API call authorizes, on which resource types, with which condition keys.
 * {@link #problems} says where an authorization the project's model makes ({@link IamRequests})
 * is not one the reference lists.
 */
public final class ServiceReference {
    private static final Map<String, ServiceReference> LOADED = new ConcurrentHashMap<>();
    private static final Pattern TAG_KEY = Pattern.compile("^(aws:RequestTag|aws:ResourceTag)/.+$");

    /** One IAM action: the resource types and the action's own condition keys. */
    public record Action(String name, List<String> resourceTypes, Set<String> conditionKeys, boolean isList) {
    }

    /** One resource type: the ARN formats (as patterns) and the condition keys of a resource of the type. */
    record Resource(String name, List<Pattern> arns, Set<String> conditionKeys) {
    }

    /** One dependent action an operation authorizes, with the context values the reference gives it. */
    public record Authorized(String service, String action, Map<String, List<String>> context) {
        public String iamAction() {
            return service + ":" + action;
        }
    }

    public final String service;
    private final Map<String, Action> actions = new LinkedHashMap<>();
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Map<String, List<Authorized>> operations = new LinkedHashMap<>();

    private ServiceReference(String service, JsonNode doc) {
        this.service = service;
        for (JsonNode a : doc.path("Actions")) {
            actions.put(a.get("Name").asText(), new Action(a.get("Name").asText(), names(a.path("Resources")),
                    new LinkedHashSet<>(texts(a.path("ActionConditionKeys"))),
                    a.path("Annotations").path("Properties").path("IsList").asBoolean(false)));
        }
        for (JsonNode r : doc.path("Resources")) {
            List<Pattern> arns = texts(r.path("ARNFormats")).stream().map(ServiceReference::arnPattern).toList();
            resources.put(r.get("Name").asText(), new Resource(r.get("Name").asText(), arns,
                    new LinkedHashSet<>(texts(r.path("ConditionKeys")))));
        }
        for (JsonNode o : doc.path("Operations")) {
            List<Authorized> authorized = new ArrayList<>();
            for (JsonNode a : o.path("AuthorizedActions")) {
                Map<String, List<String>> context = new LinkedHashMap<>();
                a.path("Context").fields().forEachRemaining(e -> context.put(e.getKey(), texts(e.getValue())));
                authorized.add(new Authorized(a.get("Service").asText(), a.get("Name").asText(), context));
            }
            operations.put(o.get("Name").asText(), authorized);
        }
    }

    /** The reference of one service by its IAM prefix (rds, rds-db, route53, iam, kms, secretsmanager). */
    public static ServiceReference of(String service) {
        return LOADED.computeIfAbsent(service, s -> {
            try (InputStream in = ServiceReference.class.getResourceAsStream("/aws-service-reference/" + s + ".json")) {
                if (in == null) {
                    throw new IllegalArgumentException("no service reference for " + s + " in src/test/resources/aws-service-reference");
                }
                return new ServiceReference(s, new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Optional<Action> action(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    /** The actions a policy's action name stands for: itself, or with IAM's wildcards (* any run, ? one letter) all it matches. */
    public List<Action> actionsMatching(String name) {
        Pattern p = Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"), Pattern.CASE_INSENSITIVE);
        return actions.values().stream().filter(a -> p.matcher(a.name()).matches()).toList();
    }

    /** The IAM actions an API call of this service authorizes; empty when the reference has no such operation. */
    public Optional<List<Authorized>> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    /** The condition keys of a resource of type {@code type} (none for a type the service has not). */
    public Set<String> resourceConditionKeys(String type) {
        return Optional.ofNullable(resources.get(type)).map(Resource::conditionKeys).orElse(Set.of());
    }

    /** The resource types whose ARN format {@code arn} has. */
    public List<String> resourceTypesOf(String arn) {
        return resources.values().stream().filter(r -> r.arns().stream().anyMatch(p -> p.matcher(arn).matches()))
                .map(Resource::name).toList();
    }

    /**
     * What the reference does not say about one authorization the model makes for an API call:
     * {@code operation} of {@code operationService} (a call with no Operations entry, as rds-db's
     * login, must authorize only its own action).
     */
    public static List<String> problems(String operationService, String operation, Authorization a) {
        List<String> out = new ArrayList<>();
        String where = operationService + " " + operation + ": " + a.action() + " on " + a.resource();
        int colon = a.action().indexOf(':');
        String actionService = a.action().substring(0, colon);
        String actionName = a.action().substring(colon + 1);
        ServiceReference callee = of(operationService);
        Optional<Authorized> listed = callee.operation(operation).map(list -> list.stream()
                .filter(x -> x.service().equals(actionService) && x.action().equals(actionName)).findFirst())
                .orElseGet(() -> operationService.equals(actionService) && operation.equals(actionName)
                        ? Optional.of(new Authorized(actionService, actionName, Map.of())) : Optional.empty());
        if (listed.isEmpty()) {
            out.add(where + ": the reference's operation " + operation + " does not authorize " + a.action());
            return out;
        }
        ServiceReference owner = of(actionService);
        Optional<Action> action = owner.action(actionName);
        if (action.isEmpty()) {
            out.add(where + ": " + actionService + " has no action " + actionName);
            return out;
        }
        List<String> types = a.resource().equals("*") ? List.of() : owner.resourceTypesOf(a.resource()).stream()
                .filter(action.get().resourceTypes()::contains).toList();
        if (a.resource().equals("*")) {
            if (!action.get().resourceTypes().isEmpty() && !action.get().isList()) {
                out.add(where + ": " + a.action() + " is authorized on a resource of " + action.get().resourceTypes() + ", not *");
            }
        } else if (types.isEmpty()) {
            out.add(where + ": the ARN is of type " + owner.resourceTypesOf(a.resource()) + "; " + a.action()
                    + " is authorized on " + action.get().resourceTypes());
        }
        for (var key : a.context().entrySet()) {
            String generic = TAG_KEY.matcher(key.getKey()).matches()
                    ? key.getKey().substring(0, key.getKey().indexOf('/')) + "/${TagKey}" : key.getKey();
            boolean supported = action.get().conditionKeys().contains(generic)
                    || types.stream().anyMatch(t -> owner.resources.get(t).conditionKeys().contains(generic));
            if (!supported) {
                out.add(where + ": condition key " + key.getKey() + " is not one " + a.action() + " (on " + types + ") supports");
            }
            List<String> values = listed.get().context().get(key.getKey());
            if (values != null && !values.containsAll(key.getValue())) {
                out.add(where + ": " + key.getKey() + " " + key.getValue() + " is not what " + operation + " gives: " + values);
            }
        }
        return out;
    }

    private static Pattern arnPattern(String format) {
        StringBuilder re = new StringBuilder();
        for (String part : format.split("(?=\\$\\{)|(?<=\\})")) {
            re.append(part.startsWith("${") && part.endsWith("}") ? variable(part) : Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    private static String variable(String part) {
        return switch (part.toLowerCase(Locale.ROOT)) {
            case "${partition}" -> "aws(-cn|-us-gov)?";
            case "${region}" -> "[a-z]{2}(-[a-z]+)+-\\d{1,2}";
            case "${account}" -> "\\d{12}";
            default -> ".+";
        };
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("Name").asText()));
        return out;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }
}
