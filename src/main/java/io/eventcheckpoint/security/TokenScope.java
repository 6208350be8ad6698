package io.eventcheckpoint.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The log names the current request may reach: every name when the API is open or the token has
 * no prefix, else only names that start with the token's prefix.
 * <p>
 * Role checks happen in the security filter chain; only this per-name check needs the decoded
 * name, so the controller asks here.
 */
public final class TokenScope {

	private static final TokenScope UNRESTRICTED = new TokenScope(null, null);

	private final String tokenName;

	private final String prefix;

	private TokenScope(String tokenName, String prefix) {
		this.tokenName = tokenName;
		this.prefix = prefix;
	}

	/**
	 * The scope of the request being handled on this thread.
	 * @return the scope
	 */
	public static TokenScope current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ApiToken token) {
			return new TokenScope(token.name(), token.prefix());
		}
		return UNRESTRICTED;
	}

	/**
	 * Whether the caller may read or write a log.
	 * @param name the log's name
	 * @return whether it is in scope
	 */
	public boolean permits(String name) {
		return this.prefix == null || name.startsWith(this.prefix);
	}

	/** @return the start every name in scope has, {@code ""} when every name is */
	public String prefix() {
		return (this.prefix != null) ? this.prefix : "";
	}

	/** @return the token's name, or {@code anonymous} when no token authenticated the request */
	public String tokenName() {
		return (this.tokenName != null) ? this.tokenName : "anonymous";
	}

}
