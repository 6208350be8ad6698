package io.eventcheckpoint.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bearer tokens that may call the API. With none configured the API is open (for local use).
 *
 * @param tokens the tokens; empty means the API is open to anyone who can reach it
 * @param protectMetrics whether {@code /actuator/prometheus} needs a token with the read role
 * (only when tokens are configured)
 */
@Validated
@ConfigurationProperties("checkpoint.security")
public record CheckpointSecurityProperties(@DefaultValue @Valid List<Token> tokens,
		@DefaultValue("false") boolean protectMetrics) {

	/**
	 * Whether every token has its own name, so the audit log is unambiguous.
	 * @return the validation result
	 */
	@AssertTrue(message = "checkpoint.security.tokens: every token needs a different name")
	public boolean isNamesUnique() {
		Set<String> names = new HashSet<>();
		return this.tokens.stream().allMatch((token) -> token.name() == null || names.add(token.name()));
	}

	/**
	 * Whether no two tokens share a secret, so a presented token maps to one role and prefix.
	 * @return the validation result
	 */
	@AssertTrue(message = "checkpoint.security.tokens: two tokens have the same secret")
	public boolean isSecretsUnique() {
		Set<String> digests = new HashSet<>();
		return this.tokens.stream()
			.filter(Token::isExactlyOneSecret)
			.filter(Token::isSecretSha256Hex)
			.allMatch((token) -> digests.add(HexFormat.of().formatHex(token.sha256())));
	}

	/**
	 * One bearer token. Its secret is never logged nor shown; only its name is.
	 *
	 * @param name a name for logs and the audit trail, such as {@code collector-a}
	 * @param secret the token itself (at least 16 characters); or use {@code secretSha256}
	 * @param secretSha256 the SHA-256 of the token's UTF-8 bytes, 64 hex digits, so no plain secret
	 * sits in configuration
	 * @param role what the token may do
	 * @param prefix if set, the token reaches only log names that start with it
	 */
	public record Token(
			@NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@:/+-]{0,99}",
					message = "must be 1 to 100 letters, digits or ._@:/+- (it appears in logs)") String name,
			String secret, String secretSha256, @NotNull Role role, String prefix) {

		static final int MIN_SECRET_LENGTH = 16;

		/**
		 * Whether exactly one of {@code secret} and {@code secret-sha256} is set.
		 * @return the validation result
		 */
		@AssertTrue(message = "set exactly one of secret and secret-sha256")
		public boolean isExactlyOneSecret() {
			return hasText(this.secret) != hasText(this.secretSha256);
		}

		/**
		 * Whether a plain secret is long enough to resist guessing. Checked here rather than on the
		 * field so that a failure message never shows the secret.
		 * @return the validation result
		 */
		@AssertTrue(message = "secret must be at least 16 characters")
		public boolean isSecretLongEnough() {
			return !hasText(this.secret) || this.secret.length() >= MIN_SECRET_LENGTH;
		}

		/**
		 * Whether {@code secret-sha256} is 64 hex digits.
		 * @return the validation result
		 */
		@AssertTrue(message = "secret-sha256 must be 64 hex digits (the SHA-256 of the token's UTF-8 bytes)")
		public boolean isSecretSha256Hex() {
			return !hasText(this.secretSha256) || this.secretSha256.matches("[0-9a-fA-F]{64}");
		}

		/** @return the SHA-256 of the token */
		byte[] sha256() {
			return hasText(this.secret) ? CheckpointSecurityProperties.sha256(this.secret)
					: HexFormat.of().parseHex(this.secretSha256);
		}

		/** @return the prefix, or {@code null} when the token reaches every name */
		String scopePrefix() {
			return hasText(this.prefix) ? this.prefix : null;
		}

		@Override
		public String toString() {
			return "Token[name=" + this.name + ", role=" + this.role + ", prefix=" + this.prefix + "]";
		}

		private static boolean hasText(String value) {
			return value != null && !value.isEmpty();
		}

	}

	/**
	 * What a token may do.
	 */
	public enum Role {

		/** Read positions. */
		READ,

		/** Read, write and delete positions. */
		WRITE

	}

	static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
