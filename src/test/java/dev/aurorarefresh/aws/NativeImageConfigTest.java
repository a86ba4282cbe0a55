package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class NativeImageConfigTest {

    @Test
    void everyClassRegisteredForReflectionExistsWithThePublicConstructorTheSdkCalls() throws Exception {
        String[] names = NativeImageConfig.class.getAnnotation(RegisterForReflection.class).classNames();
        assertThat(names).isNotEmpty();
        for (String name : names) {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            assertThat(Modifier.isPublic(c.getConstructor().getModifiers())).as(name).isTrue();
        }
    }
}
