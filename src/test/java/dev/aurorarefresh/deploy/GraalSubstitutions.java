package dev.aurorarefresh.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The GraalVM substitutions on a native class path (classes annotated @TargetClass), read from their
 * bytes as the builder reads their annotations: each one whose onlyWith conditions hold must name a
 * class of the class path or of the builder's JDK, and each of its @Alias, @Substitute, @Delete,
 * @KeepOriginal or @AnnotateOriginal members (under their @TargetElement name, when their own
 * onlyWith conditions hold) a member of that class; else the builder stops before it analyses anything.
 */
final class GraalSubstitutions {
    private static final String ANNOTATE = "Lcom/oracle/svm/core/annotate/";
    private static final String TARGET_CLASS = ANNOTATE + "TargetClass;";
    private static final String TARGET_ELEMENT = ANNOTATE + "TargetElement;";
    private static final Set<String> ON_ORIGINAL = Set.of(ANNOTATE + "Alias;", ANNOTATE + "Substitute;",
            ANNOTATE + "Delete;", ANNOTATE + "KeepOriginal;", ANNOTATE + "AnnotateOriginal;");
    private static final byte[] MARKER = TARGET_CLASS.getBytes(StandardCharsets.UTF_8);

    /** One substitution class and what it targets (null when its conditions leave it out). */
    record Substitution(Path jar, ClassNode node, String target) {
        String name() {
            return node.name.replace('/', '.');
        }
    }

    private final NativeClasspath classpath;
    final List<Substitution> substitutions = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    /** substitution class (internal name) -> target class (internal name), for the signatures of members */
    private final Map<String, String> targetOf = new HashMap<>();

    GraalSubstitutions(NativeClasspath classpath) throws IOException {
        this.classpath = classpath;
        for (Path jar : classpath.jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (var entry : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    if (contains(bytes, MARKER)) {
                        ClassNode node = new ClassNode();
                        new ClassReader(bytes).accept(node, ClassReader.SKIP_CODE);
                        annotation(node.visibleAnnotations, TARGET_CLASS).ifPresent(a -> add(jar, node, a));
                    }
                }
            }
        }
        substitutions.stream().filter(s -> s.target() != null && classpath.hasClass(s.target()))
                .forEach(this::checkMembers);
    }

    private void add(Path jar, ClassNode node, AnnotationNode targetClass) {
        String where = jar.getFileName() + ": " + node.name.replace('/', '.');
        String target = targetName(targetClass, where);
        if (target == null) {
            substitutions.add(new Substitution(jar, node, null));
            return;
        }
        if (!holds(list(targetClass, "onlyWith"), target, where)) {
            substitutions.add(new Substitution(jar, node, null));
            return;
        }
        substitutions.add(new Substitution(jar, node, target));
        targetOf.put(node.name, target.replace('.', '/'));
        if (!classpath.hasClass(target)) {
            problems.add(where + " substitutes " + target + " (@TargetClass), which is neither on the class path nor in JDK "
                    + classpath.jdkVersion());
        }
    }

    private String targetName(AnnotationNode targetClass, String where) {
        String className = (String) value(targetClass, "className");
        Type value = (Type) value(targetClass, "value");
        String name = className != null && !className.isEmpty() ? className
                : value != null && !value.getDescriptor().equals(TARGET_CLASS) ? value.getClassName() : null;
        if (value(targetClass, "classNameProvider") != null) {
            problems.add(where + " names its target through a classNameProvider, which this check cannot evaluate");
            return null;
        }
        if (name == null) {
            problems.add(where + " has a @TargetClass without a class");
            return null;
        }
        for (Object inner : list(targetClass, "innerClass")) {
            name += "$" + inner;
        }
        return name;
    }

    /** onlyWith: every condition (a BooleanSupplier, or a Predicate of the target's name) must hold. */
    private boolean holds(List<Object> conditions, String target, String where) {
        for (Object condition : conditions) {
            String name = ((Type) condition).getClassName();
            try {
                var constructor = Class.forName(name, true, classpath.loader()).getDeclaredConstructor();
                constructor.setAccessible(true);
                Object instance = constructor.newInstance();
                @SuppressWarnings("unchecked")
                boolean applies = instance instanceof BooleanSupplier supplier ? supplier.getAsBoolean()
                        : ((Predicate<String>) instance).test(target);
                if (!applies) {
                    return false;
                }
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                problems.add(where + ": its condition " + name + " cannot be evaluated: " + e);
                return false;
            }
        }
        return true;
    }

    private void checkMembers(Substitution s) {
        ClassNode original = new ClassNode();
        new ClassReader(classpath.classBytes(s.target()).orElseThrow()).accept(original, ClassReader.SKIP_CODE);
        String where = s.jar().getFileName() + ": " + s.name();
        for (FieldNode field : s.node().fields) {
            if (onOriginal(field.visibleAnnotations)) {
                Optional<AnnotationNode> element = annotation(field.visibleAnnotations, TARGET_ELEMENT);
                String name = element.map(e -> (String) value(e, "name")).filter(n -> !n.isEmpty()).orElse(field.name);
                if (holds(element.map(e -> list(e, "onlyWith")).orElse(List.of()), s.target(), where)
                        && !hasField(original, name)) {
                    problems.add(where + " names field " + name + " of " + s.target() + " (" + classpath.origin(s.target())
                            + "), which has no such field");
                }
            }
        }
        for (MethodNode method : s.node().methods) {
            if (onOriginal(method.visibleAnnotations)) {
                Optional<AnnotationNode> element = annotation(method.visibleAnnotations, TARGET_ELEMENT);
                String name = element.map(e -> (String) value(e, "name")).filter(n -> !n.isEmpty()).orElse(method.name);
                String parameters = parameters(method.desc, true);
                if (holds(element.map(e -> list(e, "onlyWith")).orElse(List.of()), s.target(), where)
                        && original.methods.stream().noneMatch(m -> m.name.equals(name) && parameters(m.desc, false).equals(parameters))) {
                    problems.add(where + " names method " + name + parameters + " of " + s.target() + " ("
                            + classpath.origin(s.target()) + "), which has no such method");
                }
            }
        }
    }

    /** A field of the class or, as the builder also looks up instance fields, of one of its superclasses. */
    private boolean hasField(ClassNode type, String name) {
        if (type.fields.stream().anyMatch(f -> f.name.equals(name))) {
            return true;
        }
        if (type.superName == null) {
            return false;
        }
        Optional<byte[]> superclass = classpath.classBytes(type.superName.replace('/', '.'));
        if (superclass.isEmpty()) {
            return false;
        }
        ClassNode node = new ClassNode();
        new ClassReader(superclass.get()).accept(node, ClassReader.SKIP_CODE);
        return hasField(node, name);
    }

    /** "(...)" of a descriptor; in a substitution, its own substitution types stand for their targets. */
    private String parameters(String descriptor, boolean mapSubstitutions) {
        StringBuilder out = new StringBuilder("(");
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            Type element = parameter.getSort() == Type.ARRAY ? parameter.getElementType() : parameter;
            String text = element.getDescriptor();
            if (mapSubstitutions && element.getSort() == Type.OBJECT && targetOf.containsKey(element.getInternalName())) {
                text = "L" + targetOf.get(element.getInternalName()) + ";";
            }
            out.append("[".repeat(parameter.getSort() == Type.ARRAY ? parameter.getDimensions() : 0)).append(text);
        }
        return out.append(")").toString();
    }

    private static boolean onOriginal(List<AnnotationNode> annotations) {
        return annotations != null && annotations.stream().anyMatch(a -> ON_ORIGINAL.contains(a.desc));
    }

    private static Optional<AnnotationNode> annotation(List<AnnotationNode> annotations, String descriptor) {
        return annotations == null ? Optional.empty() : annotations.stream().filter(a -> a.desc.equals(descriptor)).findFirst();
    }

    private static Object value(AnnotationNode annotation, String name) {
        if (annotation.values != null) {
            for (int i = 0; i < annotation.values.size(); i += 2) {
                if (annotation.values.get(i).equals(name)) {
                    return annotation.values.get(i + 1);
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(AnnotationNode annotation, String name) {
        Object value = value(annotation, name);
        return value == null ? List.of() : (List<Object>) value;
    }

    private static boolean contains(byte[] bytes, byte[] marker) {
        outer:
        for (int i = 0; i <= bytes.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
