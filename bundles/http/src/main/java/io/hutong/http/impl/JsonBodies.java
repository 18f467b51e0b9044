/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.hutong.api.http.Planes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;

/**
 * Reads and writes JSON bodies with Jackson for every resource on both planes. Field names are
 * whatever the DTOs declare (the standard uses snake_case), so no naming strategy is applied.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JakartarsExtension
@JakartarsName(Planes.JSON_EXTENSION)
@JakartarsMediaType(MediaType.APPLICATION_JSON)
@JakartarsWhiteboardTarget("(" + Planes.PROPERTY + "=*)")
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
@Produces({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
public class JsonBodies implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    // Unknown fields are accepted but not bound: peers of other vendors add their own (decision: accept every
    // dialect), and a DTO keeps only the fields it declares (AUTH8). Content after the JSON value is refused.
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .findAndRegisterModules();

    private static boolean handled(Class<?> type, MediaType mediaType) {
        // Raw bodies keep their own providers (the transport's binary payloads, plain text).
        if (type == String.class || type == byte[].class || InputStream.class.isAssignableFrom(type)
                || jakarta.ws.rs.core.StreamingOutput.class.isAssignableFrom(type)) {
            return false;
        }
        return mediaType == null || mediaType.isWildcardSubtype() && mediaType.isWildcardType()
                || "json".equals(mediaType.getSubtype()) || mediaType.getSubtype().endsWith("+json");
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return handled(type, mediaType);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        Object value = MAPPER.readValue(entity, MAPPER.constructType(genericType));
        if (value == null) {
            throw new jakarta.ws.rs.BadRequestException("a JSON object is required as the body");
        }
        // every DTO's constraints are checked here, so no resource on either plane sees an invalid body (AUTH7)
        RequestValidation.check(value);
        return value;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return handled(type, mediaType);
    }

    @Override
    public void writeTo(Object o, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream entity) throws IOException {
        MAPPER.writeValue(entity, o);
    }
}
