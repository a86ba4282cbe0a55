package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The official API model of an AWS service, as the machine's botocore installation ships it
 * (data/&lt;service&gt;/&lt;newest version&gt;/service-2.json.gz, read at test time, never copied), and
 * the check of a request against it: every parameter must be a member of its shape, every
 * required member present, every enum value one the model lists. Requests arrive in the
 * service's protocol: query (RDS, STS: {@code Tags.Tag.1.Key=...}), rest-xml (Route53: URI,
 * query string and an XML body) or JSON (Secrets Manager).
 */
public final class ApiModels {
    private static final Map<String, ApiModels> LOADED = new ConcurrentHashMap<>();
    private static Path botocoreData;

    private final JsonNode operations;
    private final JsonNode shapes;

    private ApiModels(JsonNode model) {
        this.operations = model.get("operations");
        this.shapes = model.get("shapes");
    }

    /** The model of a botocore service name: rds, route53, secretsmanager, sts. */
    public static ApiModels of(String service) {
        return LOADED.computeIfAbsent(service, ApiModels::load);
    }

    private static ApiModels load(String service) {
        try (Stream<Path> versions = Files.list(data().resolve(service))) {
            Path newest = versions.filter(v -> Files.exists(v.resolve("service-2.json.gz")))
                    .max(Comparator.comparing(Path::getFileName)).orElseThrow(
                            () -> new IllegalStateException("botocore has no model for " + service));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(newest.resolve("service-2.json.gz")))) {
                return new ApiModels(new ObjectMapper().readTree(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path data() throws IOException {
        if (botocoreData == null) {
            Process p = new ProcessBuilder(Tool.MOTO.command(), "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            try {
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("cannot find botocore (python3 -c 'import botocore'): " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            botocoreData = Path.of(out, "data");
        }
        return botocoreData;
    }

    // ---- query protocol (RDS, STS) ------------------------------------------------------------

    /** Violations of a query-protocol request, whose form has Action and Version besides the input. */
    public List<String> checkQuery(String operation, Map<String, String> form) {
        List<String> out = new ArrayList<>();
        JsonNode op = operations.get(operation);
        if (op == null) {
            return List.of("unknown operation " + operation);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (!key.equals("Action") && !key.equals("Version")) {
                put(tree, key.split("\\."), 0, value);
            }
        });
        check(op.path("input").path("shape").asText(null), tree, operation, Protocol.QUERY, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String[] parts, int at, String value) {
        if (at == parts.length - 1) {
            tree.put(parts[at], value);
            return;
        }
        Object child = tree.computeIfAbsent(parts[at], k -> new LinkedHashMap<String, Object>());
        if (child instanceof Map) {
            put((Map<String, Object>) child, parts, at + 1, value);
        } else {
            tree.put(parts[at], child); // a scalar and a nested key of the same name: the scalar stays, the check reports it
        }
    }

    // ---- rest-xml (Route53) -------------------------------------------------------------------

    /** The operation a rest-xml request is for, by method and URI template. */
    public Optional<String> restOperation(String method, String path) {
        String bare = path.replaceAll("\\?.*", "");
        var names = operations.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode http = operations.get(name).path("http");
            if (http.path("method").asText().equals(method) && template(http.path("requestUri").asText()).matcher(bare).matches()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Pattern template(String requestUri) {
        String uri = requestUri.replaceAll("\\?.*", "");
        StringBuilder re = new StringBuilder();
        for (String part : uri.split("(?=\\{)|(?<=\\})")) {
            re.append(part.startsWith("{") ? (part.endsWith("+}") ? "(.+)" : "([^/]+)") : Pattern.quote(part));
        }
        return Pattern.compile(re + "/?");
    }

    /** Violations of a rest-xml request: URI parameters, query string and XML body against the input shape. */
    public List<String> checkRestXml(String operation, String method, String path, byte[] body) {
        List<String> out = new ArrayList<>();
        JsonNode op = operations.get(operation);
        String inputName = op.path("input").path("shape").asText(null);
        if (inputName == null) {
            return out;
        }
        JsonNode input = shapes.get(inputName);
        Map<String, Object> top = new LinkedHashMap<>();
        String requestUri = op.path("http").path("requestUri").asText().replaceAll("\\?.*", "");
        var uriNames = Pattern.compile("\\{([^}+]+)\\+?\\}").matcher(requestUri);
        var uriValues = template(requestUri).matcher(path.replaceAll("\\?.*", ""));
        if (uriValues.matches()) {
            int group = 1;
            while (uriNames.find()) {
                top.put(uriNames.group(1), uriValues.group(group++));
            }
        }
        int q = path.indexOf('?');
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String key = decode(pair.replaceAll("=.*", ""));
                String value = pair.contains("=") ? decode(pair.substring(pair.indexOf('=') + 1)) : "";
                if (!isMemberAt(input, key, "querystring")) {
                    out.add(operation + ": unknown query parameter " + key);
                }
                top.put(key, value);
            }
        }
        if (body.length > 0) {
            Element root = xml(body);
            String expected = input.path("locationName").asText(inputName);
            if (!root.getTagName().equals(expected)) {
                out.add(operation + ": body element " + root.getTagName() + ", the model says " + expected);
            }
            top.putAll(xmlTree(root));
        }
        check(inputName, top, operation, Protocol.XML, out);
        return out;
    }

    private static boolean isMemberAt(JsonNode structure, String wireName, String location) {
        var members = structure.path("members").fields();
        while (members.hasNext()) {
            JsonNode m = members.next().getValue();
            if (location.equals(m.path("location").asText()) && wireName.equals(m.path("locationName").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static Element xml(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    /** An element's children: name to the list of occurrences, each text or a nested tree. */
    private static Map<String, Object> xmlTree(Element e) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                boolean leaf = true;
                for (Node c = child.getFirstChild(); c != null; c = c.getNextSibling()) {
                    leaf &= !(c instanceof Element);
                }
                @SuppressWarnings("unchecked")
                List<Object> occurrences = (List<Object>) out.computeIfAbsent(child.getTagName(), k -> new ArrayList<>());
                occurrences.add(leaf ? child.getTextContent() : xmlTree(child));
            }
        }
        return out;
    }

    // ---- JSON (Secrets Manager) ---------------------------------------------------------------

    public List<String> checkJson(String operation, byte[] body) {
        List<String> out = new ArrayList<>();
        JsonNode op = operations.get(operation);
        if (op == null) {
            return List.of("unknown operation " + operation);
        }
        try {
            Object tree = new ObjectMapper().readValue(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body, Object.class);
            check(op.path("input").path("shape").asText(null), tree, operation, Protocol.JSON, out);
        } catch (IOException e) {
            out.add(operation + ": body is not JSON");
        }
        return out;
    }

    // ---- the check itself ---------------------------------------------------------------------

    private enum Protocol { QUERY, XML, JSON }

    private void check(String shapeName, Object value, String path, Protocol protocol, List<String> out) {
        if (shapeName == null) {
            return;
        }
        JsonNode shape = shapes.get(shapeName);
        if (protocol == Protocol.XML && value instanceof List<?> occurrences) { // an element's occurrences
            if (occurrences.size() != 1) {
                out.add(path + ": given " + occurrences.size() + " times");
                return;
            }
            value = occurrences.get(0);
        }
        switch (shape.path("type").asText()) {
            case "structure" -> structure(shape, value, path, protocol, out);
            case "list" -> list(shape, value, path, protocol, out);
            case "map" -> {
                if (!(value instanceof Map)) {
                    out.add(path + ": expected a map");
                }
            }
            default -> scalar(shape, value, path, out);
        }
    }

    private void structure(JsonNode shape, Object value, String path, Protocol protocol, List<String> out) {
        if (!(value instanceof Map<?, ?> given)) {
            out.add(path + ": expected a structure, got " + value);
            return;
        }
        Map<String, String> memberOf = new LinkedHashMap<>(); // wire name -> member name
        shape.path("members").fields().forEachRemaining(m -> memberOf.put(
                protocol == Protocol.JSON ? m.getKey() : m.getValue().path("locationName").asText(m.getKey()), m.getKey()));
        given.forEach((key, v) -> {
            String member = memberOf.get(String.valueOf(key));
            if (member == null) {
                out.add(path + ": unknown parameter " + key);
            } else {
                check(shape.get("members").get(member).get("shape").asText(), v, path + "." + key, protocol, out);
            }
        });
        shape.path("required").forEach(r -> {
            JsonNode m = shape.get("members").get(r.asText());
            String wire = protocol == Protocol.JSON ? r.asText() : m.path("locationName").asText(r.asText());
            if (!given.containsKey(wire)) {
                out.add(path + ": missing required parameter " + wire);
            }
        });
    }

    private void list(JsonNode shape, Object value, String path, Protocol protocol, List<String> out) {
        JsonNode member = shape.get("member");
        String memberShape = member.get("shape").asText();
        List<Object> items = new ArrayList<>();
        if (protocol == Protocol.JSON) {
            if (!(value instanceof List<?> l)) {
                out.add(path + ": expected a list");
                return;
            }
            items.addAll(l);
        } else if ("".equals(value)) {
            return; // an empty list: "Name=" (query), <Name/> (XML)
        } else if (value instanceof Map<?, ?> wrapper && wrapper.size() == 1) {
            String itemName = String.valueOf(wrapper.keySet().iterator().next());
            String modelName = member.path("locationName").asText("member");
            if (!itemName.equals(modelName) && !itemName.equals("member")) {
                out.add(path + ": list items named " + itemName + ", the model says " + modelName);
                return;
            }
            Object inner = wrapper.values().iterator().next();
            if (protocol == Protocol.XML && inner instanceof List<?> l) {
                items.addAll(l);
            } else if (inner instanceof Map<?, ?> numbered) {
                for (var e : numbered.entrySet()) {
                    if (!String.valueOf(e.getKey()).matches("[1-9][0-9]*")) {
                        out.add(path + "." + itemName + ": item number " + e.getKey());
                    }
                    items.add(e.getValue());
                }
            } else {
                out.add(path + ": malformed list");
                return;
            }
        } else {
            out.add(path + ": malformed list " + value);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            check(memberShape, items.get(i), path + "[" + (i + 1) + "]", protocol, out);
        }
    }

    private static void scalar(JsonNode shape, Object value, String path, List<String> out) {
        if (value instanceof Map || value instanceof List) {
            out.add(path + ": expected a " + shape.path("type").asText() + ", got " + value);
            return;
        }
        String text = String.valueOf(value);
        if (shape.has("enum")) {
            List<String> allowed = new ArrayList<>();
            shape.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(text)) {
                out.add(path + ": " + text + " is not one of " + allowed);
            }
        }
        switch (shape.path("type").asText()) {
            case "integer", "long" -> {
                if (!text.matches("-?[0-9]+")) {
                    out.add(path + ": " + text + " is not an integer");
                }
            }
            case "boolean" -> {
                if (!text.equals("true") && !text.equals("false")) {
                    out.add(path + ": " + text + " is not a boolean");
                }
            }
            default -> { }
        }
    }
}
