package io.eventcheckpoint.security;

import java.security.MessageDigest;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Matches a presented bearer token against the configured ones in constant time: the presented
 * token is hashed with SHA-256 and compared with every configured digest by
 * {@link MessageDigest#isEqual}, without stopping at a match, so neither the time nor the order of
 * comparisons tells which bytes or which token matched.
 */
final class BearerTokenAuthenticationProvider implements AuthenticationProvider {

	private final List<Credential> credentials;

	BearerTokenAuthenticationProvider(CheckpointSecurityProperties properties) {
		this.credentials = properties.tokens()
			.stream()
			.map((token) -> new Credential(token.sha256(),
					new ApiToken(token.name(), token.role(), token.scopePrefix())))
			.toList();
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Object presented = authentication.getCredentials();
		if (!(presented instanceof String secret)) {
			throw new BadCredentialsException("No bearer token");
		}
		byte[] digest = CheckpointSecurityProperties.sha256(secret);
		ApiToken match = null;
		for (Credential credential : this.credentials) {
			if (MessageDigest.isEqual(credential.sha256(), digest) && match == null) {
				match = credential.token();
			}
		}
		if (match == null) {
			throw new BadCredentialsException("Unknown bearer token");
		}
		return BearerTokenAuthentication.authenticated(match);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthentication.class.isAssignableFrom(authentication);
	}

	boolean hasTokens() {
		return !this.credentials.isEmpty();
	}

	private record Credential(byte[] sha256, ApiToken token) {
	}

}
