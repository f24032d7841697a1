package cn.wuzhou.income.dashboards.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Dashboard users and their bcrypt password hashes in one YAML file ({@code <home>/users.yaml},
 * owner-readable only). The server re-reads the file when it changed, so {@code users add} and
 * {@code users remove} take effect without a restart. Hashes are never returned or printed.
 */
public final class UserStore {
  public static final String FILE_NAME = "users.yaml";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  /** Checked against for unknown users, so a wrong name costs as long as a wrong password. */
  private static final String DUMMY_HASH = BCrypt.withDefaults().hashToString(4, "x".toCharArray());

  private final Path file;
  private final int cost;
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private List<Entry> entries = List.of();
  private FileTime loadedAt;

  /** @param cost bcrypt cost of new hashes (12 in production; tests use 4) */
  public UserStore(Path file, int cost) {
    this.file = file;
    this.cost = cost;
  }

  public static UserStore inHome(Path home) {
    return new UserStore(home.resolve(FILE_NAME), 12);
  }

  public Path file() {
    return file;
  }

  /** One stored user. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(@JsonProperty("name") String name, @JsonProperty("role") String role,
      @JsonProperty("county") String county, @JsonProperty("township") String township,
      @JsonProperty("password_hash") String passwordHash) {
    User user() {
      return new User(name, Role.parse(role), county, township);
    }
  }

  record Root(@JsonProperty("users") List<Entry> users) {}

  /** Users in name order. */
  public synchronized List<User> list() {
    return current().stream().map(Entry::user).sorted(Comparator.comparing(User::name)).toList();
  }

  public synchronized Optional<User> find(String name) {
    return current().stream().filter(e -> e.name().equals(name)).findFirst().map(Entry::user);
  }

  /** The user if the password is theirs; empty otherwise (same work whether or not the name exists). */
  public Optional<User> authenticate(String name, char[] password) {
    Optional<Entry> entry;
    synchronized (this) {
      entry = current().stream().filter(e -> e.name().equals(name)).findFirst();
    }
    String hash = entry.map(Entry::passwordHash).orElse(DUMMY_HASH);
    boolean ok = BCrypt.verifyer().verify(password, hash.toCharArray()).verified;
    Arrays.fill(password, '\0');
    return ok && entry.isPresent() ? Optional.of(entry.get().user()) : Optional.empty();
  }

  /** Adds a user, or replaces the one of the same name (a new password or role). */
  public synchronized void put(User user, char[] password) {
    if (!NAME.matcher(user.name()).matches()) {
      throw new IllegalArgumentException("user name '" + user.name()
          + "': use 1-64 letters, digits or _ . @ -");
    }
    if (password.length < 8) {
      throw new IllegalArgumentException("the password must have at least 8 characters");
    }
    String hash = BCrypt.withDefaults().hashToString(cost, password);
    Arrays.fill(password, '\0');
    List<Entry> next = new ArrayList<>(current().stream().filter(e -> !e.name().equals(user.name())).toList());
    next.add(new Entry(user.name(), user.role().id(), user.county(), user.township(), hash));
    save(next);
  }

  /** Removes a user; false when there was none of that name. */
  public synchronized boolean remove(String name) {
    List<Entry> next = current().stream().filter(e -> !e.name().equals(name)).toList();
    if (next.size() == current().size()) {
      return false;
    }
    save(next);
    return true;
  }

  private List<Entry> current() {
    try {
      if (!Files.exists(file)) {
        entries = List.of();
        loadedAt = null;
        return entries;
      }
      FileTime modified = Files.getLastModifiedTime(file);
      if (!modified.equals(loadedAt)) {
        Root root = yaml.readValue(file.toFile(), Root.class);
        List<Entry> read = root == null || root.users() == null ? List.of() : root.users();
        for (Entry e : read) {
          try {
            e.user();
          } catch (IllegalArgumentException bad) {
            throw new IllegalStateException(file + ": user '" + e.name() + "': " + bad.getMessage());
          }
        }
        entries = List.copyOf(read);
        loadedAt = modified;
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private void save(List<Entry> next) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
      Files.writeString(tmp, "# Dashboard users (bin/warehouse users add|list|remove). bcrypt hashes only.\n"
          + yaml.writeValueAsString(new Root(next.stream().sorted(Comparator.comparing(Entry::name)).toList())),
          StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the folder's permissions apply.
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      entries = List.copyOf(next);
      loadedAt = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + " cannot be written: " + e.getMessage(), e);
    }
  }
}
