package org.opencirt.common.web;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;
import org.opencirt.common.problem.InvalidParameterException;

/**
 * Reads {@code Integer} and {@code Long} parameters so that text that is not a whole number is
 * answered 400 with the parameter named (see {@code ProblemMappers}), not 404 as JAX-RS answers
 * a failed conversion of a query or path parameter.
 */
@Provider
public class NumberParameters implements ParamConverterProvider {

    @Override
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == Integer.class || rawType == int.class) {
            return converter(Integer::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return converter(Long::valueOf);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> ParamConverter<T> converter(Function<String, ? extends Number> parse) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return (T) parse.apply(value.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException(value, "a whole number");
                }
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }
}
