/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.hutong.api.auth.Unsigned;
import io.hutong.api.http.Planes;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.uas.RequestFields;
import io.hutong.tee.attestation.uas.UasVerifyRequest;
import io.hutong.tee.attestation.uas.UasVerifyResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The UAS on the east-west plane: {@code POST /v1/interconn/tee/uas/verify} (spec 60 §6.4, answered in
 * {@code UasVerifyRes} with the status codes of decision TEE8), node registration and the UAS
 * certificate challengers pin.
 *
 * <p>Bodies are read as text and parsed here, strictly (a fixed field set, strings only, nothing after the
 * JSON value), so even an unreadable body is answered in the standard's {@code UasVerifyRes} shape rather
 * than the management envelope. Every field is checked ({@link RequestFields}) before the credential is.
 */
@Component(service = UasResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Unsigned(reason = "spec 60 §6.4: UAS specifies no headers; verify and register are authenticated by access_key and"
        + " access_secret, the certificate is public", headers = false)
@Path("/v1/interconn/tee/uas")
public class UasResource {

    private static final Logger LOG = Logger.getLogger(UasResource.class.getName());

    @Reference
    UasNode uas;

    /**
     * The body of {@code POST /v1/interconn/tee/uas/register} (Hutong's binding of spec 60 §6.1 option 1).
     *
     * @param accessKey    {@code access_key}
     * @param accessSecret {@code access_secret}
     * @param nodeId       {@code node_id}: subject CN of the certificate
     * @param pemPublicKey {@code pem_public_key}: the node's {@code ak.pub}
     * @param report       {@code report}: a UnifiedAttestationReport whose {@code hex_hash_or_pem_pubkey} binds that key
     */
    public record RegisterRequest(
            @JsonProperty("access_key") String accessKey,
            @JsonProperty("access_secret") String accessSecret,
            @JsonProperty("node_id") String nodeId,
            @JsonProperty("pem_public_key") String pemPublicKey,
            @JsonProperty("report") String report) {
    }

    /**
     * The answer to a registration, with the result codes of the verify endpoint.
     *
     * @param httpStatus        HTTP status (not in the body)
     * @param resultCode        {@code result_code}
     * @param resultMsg         {@code result_msg}
     * @param pemCertificate    {@code pem_certificate}: the issued {@code ak.crt}
     * @param pemUasCertificate {@code pem_uas_certificate}: the UAS certificate it chains to
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RegisterResponse(
            @JsonIgnore int httpStatus,
            @JsonProperty("result_code") String resultCode,
            @JsonProperty("result_msg") String resultMsg,
            @JsonProperty("pem_certificate") String pemCertificate,
            @JsonProperty("pem_uas_certificate") String pemUasCertificate) {
    }

    @POST
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        Optional<String> notJson = notJson(contentType);
        if (notJson.isPresent()) {
            return answer(400, UasVerifyResponse.invalid(notJson.get()));
        }
        UasVerifyRequest request;
        try {
            request = AttestationJson.readRequest(body, UasVerifyRequest.class);
        } catch (IllegalArgumentException e) {
            return answer(400, UasVerifyResponse.invalid("request body: " + e.getMessage()));
        }
        UasVerifyResponse res = uas.verify(request);
        return answer(res.httpStatus(), res);
    }

    @POST
    @Path("register")
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        Optional<String> notJson = notJson(contentType);
        if (notJson.isPresent()) {
            return refuse(400, UasVerifyResponse.INVALID_INPUT, notJson.get());
        }
        RegisterRequest r;
        try {
            r = AttestationJson.readRequest(body, RegisterRequest.class);
        } catch (IllegalArgumentException e) {
            return refuse(400, UasVerifyResponse.INVALID_INPUT, "request body: " + e.getMessage());
        }
        Optional<String> problem = RequestFields.first(
                RequestFields.token("access_key", r.accessKey(), RequestFields.MAX_ACCESS_KEY_CHARS, true),
                RequestFields.token("access_secret", r.accessSecret(), RequestFields.MAX_ACCESS_SECRET_CHARS, false),
                RequestFields.nodeId(r.nodeId()),
                RequestFields.text("pem_public_key", r.pemPublicKey(), RequestFields.MAX_PEM_PUBLIC_KEY_CHARS),
                RequestFields.text("report", r.report(), RequestFields.MAX_REPORT_CHARS));
        if (problem.isPresent()) {
            return refuse(400, UasVerifyResponse.INVALID_INPUT, problem.get());
        }
        if (!uas.accepts(r.accessKey(), r.accessSecret())) {
            return refuse(200, UasVerifyResponse.ACCESS_DENIED, "access_key: unknown key or wrong access_secret");
        }
        try {
            Pem.publicKey(r.pemPublicKey());
        } catch (GeneralSecurityException e) {
            return refuse(400, UasVerifyResponse.INVALID_INPUT, "pem_public_key: " + e.getMessage());
        }
        try {
            X509Certificate issued = uas.register(r.nodeId(), r.pemPublicKey(), r.report());
            return answer(200, new RegisterResponse(200, UasVerifyResponse.OK, "registered " + r.nodeId()
                    + ", certificate serial " + issued.getSerialNumber().toString(16), UasNode.pem(issued), uas.certificatePem()));
        } catch (GeneralSecurityException e) {
            return refuse(200, UasVerifyResponse.VERIFICATION_FAILED, e.getMessage());
        } catch (SQLException e) {
            // database text stays in the log: the caller gets a reference to it
            String ref = java.util.UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "cannot record an issued node certificate (ref " + ref + ")", e);
            return refuse(500, "500", "internal error (ref " + ref + ")");
        }
    }

    // The standard's UAS bodies are JSON; a body sent as something else is refused before it is read as JSON
    private static Optional<String> notJson(String contentType) {
        if (contentType != null) {
            try {
                MediaType type = MediaType.valueOf(contentType);
                if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType() && !type.isWildcardSubtype()) {
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                // falls through: an unreadable Content-Type is not JSON
            }
        }
        return Optional.of("Content-Type: expected application/json, actual "
                + (contentType == null ? "(none)" : "\"" + (contentType.length() > 60 ? contentType.substring(0, 60) + "…"
                        : contentType).replaceAll("\\p{Cntrl}", "?") + "\""));
    }

    /** The UAS certificate, for challengers to pin the key UAS results are signed with. */
    @GET
    @Path("certificate")
    @Produces("application/x-pem-file")
    public String certificate() {
        return uas.certificatePem();
    }

    private static Response refuse(int status, String code, String message) {
        return answer(status, new RegisterResponse(status, code, message, "", ""));
    }

    private static Response answer(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
