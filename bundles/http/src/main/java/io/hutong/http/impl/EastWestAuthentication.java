/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.JakartarsWhiteboardConstants;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.auth.CallAuthenticator;
import io.hutong.api.auth.CallRefusal;
import io.hutong.api.auth.EastWestCall;
import io.hutong.api.auth.Unsigned;
import io.hutong.api.auth.VerifiedCaller;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * The authentication every east-west resource method gets by default (decisions M2, M3, AUTH1): before the
 * method runs, the call's headers and body bytes go to the {@link CallAuthenticator} (management), which
 * checks target, timestamp, nonce, CSRF and {@code x-auth-sign}. Only a method (or class) marked
 * {@link Unsigned} skips the signature, so an endpoint added by any bundle is protected without doing
 * anything. The verified caller and the call (with its body) are left as request properties
 * ({@link VerifiedCaller#PROPERTY}, {@link EastWestCall#PROPERTY}); the body is handed on unchanged.
 *
 * <p>Registered as a whiteboard extension of every application on the east-west plane. The plane's REST
 * runtime is started only once this filter is registered ({@link PlaneRestWhiteboards} references it), so
 * no resource is ever served without it.
 */
@Component(service = {jakarta.ws.rs.container.ContainerRequestFilter.class, EastWestAuthentication.class},
        property = JakartarsWhiteboardConstants.JAKARTA_RS_APPLICATION_SELECT + "=(" + JakartarsWhiteboardConstants.JAKARTA_RS_NAME + "=*)")
@JakartarsExtension
@JakartarsName(EastWestAuthentication.NAME)
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
public class EastWestAuthentication implements ContainerRequestFilter {

    static final String NAME = "hutong.east_west.authentication";

    @Context
    ResourceInfo resource;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CallAuthenticator authenticator;

    /** For a plane assembled without DS (tests): the authenticator the filter hands calls to. */
    public void setAuthenticator(CallAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext ctx) throws IOException {
        Unsigned unsigned = exemption(resource == null ? null : resource.getResourceMethod(),
                resource == null ? null : resource.getResourceClass());
        if (unsigned != null && !unsigned.headers()) {
            return; // authenticated otherwise (PTP token, UAS access key) or public; its body is not read here
        }
        CallAuthenticator auth = authenticator;
        if (auth == null) {
            // fail closed: without management nothing can verify a signature or remember a nonce
            throw new WebApplicationException("east-west authentication is not available on this node (management not running)", 503);
        }
        byte[] body = ctx.hasEntity() ? ctx.getEntityStream().readAllBytes() : new byte[0];
        ctx.setEntityStream(new ByteArrayInputStream(body));
        var uri = ctx.getUriInfo().getRequestUri();
        EastWestCall call = new EastWestCall(ctx.getMethod().toUpperCase(java.util.Locale.ROOT), uri.getRawPath(),
                uri.getRawQuery(), ctx::getHeaderString, body);
        VerifiedCaller caller;
        try {
            caller = auth.authenticate(call, unsigned == null);
        } catch (CallRefusal e) {
            throw new WebApplicationException(e.getMessage(), e.status());
        }
        ctx.setProperty(EastWestCall.PROPERTY, call);
        ctx.setProperty(VerifiedCaller.PROPERTY, caller);
    }

    /** @return the exemption of a resource method (its own, else its class's), or null when it must be signed */
    static Unsigned exemption(Method method, Class<?> type) {
        if (method == null) {
            return null; // not a matched resource method: fail closed
        }
        Unsigned u = method.getAnnotation(Unsigned.class);
        if (u == null && type != null) {
            u = type.getAnnotation(Unsigned.class);
        }
        return u;
    }
}
