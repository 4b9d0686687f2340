package org.samizdat.newsroom;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.samizdat.publishing.Actor;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The signed-in staff member, as kept in the (PostgreSQL-backed) session. */
public record StaffPrincipal(
    long id, String email, String displayName, StaffRole role, String passwordHash, boolean enabled)
    implements UserDetails, Serializable {

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return email;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  public Actor actor() {
    return new Actor(id, displayName);
  }

  /** A copy without the hash, for the session. */
  public StaffPrincipal withoutPassword() {
    return new StaffPrincipal(id, email, displayName, role, "", enabled);
  }
}
