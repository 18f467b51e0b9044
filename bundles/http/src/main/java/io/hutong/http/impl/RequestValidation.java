/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.api.http.Envelope;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Bean Validation of every JSON request body the planes read (decision AUTH7): the constraints a DTO
 * declares ({@code @Size}, {@code @Pattern}, {@code @NotBlank}, …) are checked right after Jackson binds it,
 * and a violation answers 400 in the envelope naming the field by its JSON name. Hibernate Validator runs
 * without an expression language (parameter interpolation only), so messages are plain templates such as
 * {@code "must be at most {max} characters"}.
 */
final class RequestValidation {

    private static volatile Validator validator;

    private RequestValidation() {
    }

    static Validator validator() {
        Validator v = validator;
        if (v == null) {
            synchronized (RequestValidation.class) {
                v = validator;
                if (v == null) {
                    // The provider is named explicitly: in OSGi the default ServiceLoader lookup sees no provider.
                    Thread t = Thread.currentThread();
                    ClassLoader before = t.getContextClassLoader();
                    t.setContextClassLoader(HibernateValidator.class.getClassLoader());
                    try {
                        v = Validation.byProvider(HibernateValidator.class)
                                .providerResolver(() -> List.of(new HibernateValidator()))
                                .configure()
                                .messageInterpolator(new ParameterMessageInterpolator())
                                .propertyNodeNameProvider(new JsonNames())
                                .buildValidatorFactory().getValidator();
                    } finally {
                        t.setContextClassLoader(before);
                    }
                    validator = v;
                }
            }
        }
        return v;
    }

    /** @throws WebApplicationException 400 naming every violated field, sorted, when {@code value} breaks a constraint */
    static void check(Object value) {
        if (value == null || value.getClass().getName().startsWith("java.") || value.getClass().getName().startsWith("com.fasterxml.")) {
            return; // maps, lists, strings and JSON trees carry no constraints
        }
        Set<ConstraintViolation<Object>> violations = validator().validate(value);
        if (violations.isEmpty()) {
            return;
        }
        Set<String> msgs = new TreeSet<>();
        for (ConstraintViolation<Object> v : violations) {
            msgs.add(v.getPropertyPath() + " " + v.getMessage());
        }
        String msg = String.join("; ", msgs);
        throw new WebApplicationException(msg, Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.error(400, msg)).build());
    }

    /** Names a violated property as the wire does: its {@code @JsonProperty} name where it has one. */
    static final class JsonNames implements PropertyNodeNameProvider {
        @Override
        public String getName(Property property) {
            if (property instanceof JavaBeanProperty p) {
                Class<?> type = p.getDeclaringClass();
                try {
                    Field f = type.getDeclaredField(p.getName());
                    JsonProperty j = f.getAnnotation(JsonProperty.class);
                    if (j == null && type.isRecord()) {
                        for (RecordComponent c : type.getRecordComponents()) {
                            if (c.getName().equals(p.getName())) {
                                j = c.getAnnotation(JsonProperty.class);
                            }
                        }
                    }
                    if (j != null && !j.value().isEmpty()) {
                        return j.value();
                    }
                } catch (NoSuchFieldException e) {
                    // a getter without a field: its Java name is all there is
                }
            }
            return property.getName();
        }
    }
}
