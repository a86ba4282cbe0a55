package dev.aurorarefresh.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The Prometheus text exposition format, parsed into samples: enough to assert on a scrape. */
public record PrometheusText(List<Sample> samples, Map<String, String> types) {

    /** One line: a series and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.get(key);
        }
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusText(List.copyOf(samples), types);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new TreeMap<>();
        String name;
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).trim();
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                while (line.charAt(j) != '"') {
                    char ch = line.charAt(j);
                    if (ch == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(ch);
                    }
                    j++;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = line.substring(i + 1).trim();
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1).trim();
        }
        return new Sample(name, labels, Double.parseDouble(rest.split(" ")[0]));
    }

    /** Samples of this metric whose labels include all of {@code match}. */
    public List<Sample> series(String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> match.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .toList();
    }

    /** The value of the one series of this metric matching {@code match}; fails if none or several. */
    public double value(String name, Map<String, String> match) {
        List<Sample> found = series(name, match);
        if (found.size() != 1) {
            throw new AssertionError("expected one series " + name + match + ", found " + found);
        }
        return found.get(0).value();
    }

    public Optional<Double> find(String name, Map<String, String> match) {
        List<Sample> found = series(name, match);
        return found.size() == 1 ? Optional.of(found.get(0).value()) : Optional.empty();
    }

    /** Names of the metrics whose names start with the prefix. */
    public java.util.Set<String> names(String prefix) {
        return samples.stream().map(Sample::name).filter(n -> n.startsWith(prefix))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
