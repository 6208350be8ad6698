package io.eventcheckpoint.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750). No header means an anonymous request;
 * any other scheme, or an empty token, is a failed authentication (401), never a silent anonymous
 * one.
 */
final class BearerTokenConverter implements AuthenticationConverter {

	private static final String BEARER = "Bearer";

	@Override
	public Authentication convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			return null;
		}
		if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() <= BEARER.length()
				|| header.charAt(BEARER.length()) != ' ') {
			throw new BadCredentialsException("The Authorization header is not a bearer token");
		}
		String token = header.substring(BEARER.length() + 1).strip();
		if (token.isEmpty()) {
			throw new BadCredentialsException("The bearer token is empty");
		}
		return BearerTokenAuthentication.unauthenticated(token);
	}

}
