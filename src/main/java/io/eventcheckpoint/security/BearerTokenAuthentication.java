package io.eventcheckpoint.security;

import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A bearer token as presented (not yet authenticated), or the {@link ApiToken} it matched.
 */
final class BearerTokenAuthentication extends AbstractAuthenticationToken {

	/** Built once: every authenticated request would otherwise build its list again. */
	private static final List<GrantedAuthority> READ_ROLES = AuthorityUtils.createAuthorityList("ROLE_READ");

	private static final List<GrantedAuthority> WRITE_ROLES = AuthorityUtils.createAuthorityList("ROLE_READ", "ROLE_WRITE");

	private final ApiToken token;

	private String presented;

	private BearerTokenAuthentication(String presented, ApiToken token, Collection<? extends GrantedAuthority> roles) {
		super(roles);
		this.presented = presented;
		this.token = token;
		setAuthenticated(token != null);
	}

	static BearerTokenAuthentication unauthenticated(String presented) {
		return new BearerTokenAuthentication(presented, null, List.of());
	}

	static BearerTokenAuthentication authenticated(ApiToken token) {
		List<GrantedAuthority> roles = switch (token.role()) {
			case READ -> READ_ROLES;
			case WRITE -> WRITE_ROLES;
		};
		return new BearerTokenAuthentication(null, token, roles);
	}

	@Override
	public Object getCredentials() {
		return this.presented;
	}

	@Override
	public Object getPrincipal() {
		return this.token;
	}

	@Override
	public String getName() {
		return (this.token != null) ? this.token.name() : "bearer";
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.presented = null;
	}

	@Override
	public String toString() {
		// Never the presented secret.
		return getClass().getSimpleName() + "[" + getName() + ", authenticated=" + isAuthenticated() + "]";
	}

	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

}
