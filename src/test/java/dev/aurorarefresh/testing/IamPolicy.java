package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Just enough of IAM's policy evaluation to check iam/policy.json against the requests the code
 * makes: Allow/Deny statements, wildcard actions and resources, and the condition operators the
 * policy uses (StringEquals, StringNotEquals, StringLike, Null, the ForAllValues forms, ForAnyValue:StringEquals). An operator it does not know
 * fails the test rather than being ignored.
 */
public final class IamPolicy {

    public enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    /** One authorization IAM makes for a request: an action on a resource, with the request's context keys. */
    public record Authorization(String action, String resource, Map<String, List<String>> context) {
        @Override
        public String toString() {
            return action + " on " + resource + (context.isEmpty() ? "" : " " + context);
        }
    }

    public record Statement(String sid, boolean allow, List<String> actions, List<String> resources, JsonNode condition) {
    }

    public final String text;
    public final List<Statement> statements;

    private IamPolicy(String text, List<Statement> statements) {
        this.text = text;
        this.statements = statements;
    }

    public static IamPolicy load(Path file, Map<String, String> replacements) {
        try {
            String text = Files.readString(file);
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            return parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IamPolicy parse(String text) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(text);
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : doc.get("Statement")) {
            out.add(new Statement(s.path("Sid").asText(), s.get("Effect").asText().equals("Allow"),
                    strings(s.get("Action")), strings(s.get("Resource")), s.get("Condition")));
        }
        return new IamPolicy(text, out);
    }

    /** The policies of one role, evaluated together as IAM does: an explicit deny in any wins, else an allow in any. */
    public static IamPolicy ofRole(List<String> documents) throws IOException {
        List<Statement> all = new ArrayList<>();
        for (String document : documents) {
            all.addAll(parse(document).statements);
        }
        return new IamPolicy(String.join("\n", documents), all);
    }

    public Decision evaluate(Authorization a) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (matchesAction(s.actions(), a.action()) && matchesAny(s.resources(), a.resource())
                    && conditionsHold(s.condition(), a.context())) {
                if (!s.allow()) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /** Every action some Allow statement grants. */
    public Set<String> allowedActions() {
        Set<String> out = new LinkedHashSet<>();
        statements.stream().filter(Statement::allow).forEach(s -> out.addAll(s.actions()));
        return out;
    }

    private static boolean conditionsHold(JsonNode condition, Map<String, List<String>> context) {
        if (condition == null) {
            return true;
        }
        var operators = condition.fields();
        while (operators.hasNext()) {
            var op = operators.next();
            var keys = op.getValue().fields();
            while (keys.hasNext()) {
                var key = keys.next();
                List<String> wanted = strings(key.getValue());
                List<String> actual = context.get(key.getKey());
                if (!holds(op.getKey(), wanted, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operator, List<String> wanted, List<String> actual) {
        return switch (operator) {
            case "StringEquals", "ArnEquals" -> actual != null && actual.size() == 1 && wanted.contains(actual.get(0));
            // IAM: a negated operator holds when the key is absent
            case "StringNotEquals" -> actual == null || actual.stream().noneMatch(wanted::contains);
            // IAM: Null "true" holds when the key is absent, "false" when it is present
            case "Null" -> wanted.size() == 1 && Boolean.parseBoolean(wanted.get(0)) == (actual == null);
            case "StringLike", "ArnLike" -> actual != null && actual.size() == 1 && matchesAny(wanted, actual.get(0));
            // IAM: ForAllValues holds when the key is absent or every value matches one wanted value.
            case "ForAllValues:StringEquals" -> actual == null || wanted.containsAll(actual);
            case "ForAllValues:StringLike" -> actual == null || actual.stream().allMatch(v -> matchesAny(wanted, v));
            // IAM: ForAnyValue holds when at least one value matches one wanted value (never when the key is absent)
            case "ForAnyValue:StringEquals" -> actual != null && actual.stream().anyMatch(wanted::contains);
            default -> throw new IllegalArgumentException("condition operator not modelled by this test: " + operator);
        };
    }

    /** Action names are case-insensitive in IAM; resources are not. */
    private static boolean matchesAction(List<String> patterns, String action) {
        return matchesAny(patterns.stream().map(p -> p.toLowerCase(java.util.Locale.ROOT)).toList(),
                action.toLowerCase(java.util.Locale.ROOT));
    }

    static boolean matchesAny(List<String> patterns, String value) {
        return patterns.stream().anyMatch(p -> wildcard(p).matcher(value).matches());
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
