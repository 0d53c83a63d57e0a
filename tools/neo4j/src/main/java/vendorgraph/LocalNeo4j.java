package vendorgraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import inet.ipaddr.IPAddressString;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A local Neo4j 5.26 Community DBMS for development and tests, started from Maven Central jars.
 *
 * <p>Bolt only (on 127.0.0.1), HTTP/HTTPS off, authentication on. The password for the built-in
 * {@code neo4j} user is read from the environment variable {@code NEO4J_PASSWORD} and set through
 * the system database before the READY line is printed.
 *
 * <p>Locked down for a read-only console (defence in depth behind vendorgraph's own query checks):
 * {@code LOAD CSV} cannot read files ({@code dbms.security.allow_csv_import_from_file_urls=false},
 * and the import directory is a path that does not exist) nor reach any address ({@code
 * internal.dbms.cypher_ip_blocklist} covers all of IPv4 and IPv6); no procedure is loaded
 * ({@code dbms.security.procedures.allowlist} names none: vendorgraph calls none).
 *
 * <p>Bounded so that a query ends rather than the server (issue 22): one transaction may hold at
 * most {@code --tx-memory} of heap ({@code db.memory.transaction.max}), all transactions together
 * at most {@code --tx-total-memory} ({@code dbms.memory.transaction.total.max}), and a transaction
 * that names no timeout of its own ends after {@code --tx-timeout} ({@code db.transaction.timeout};
 * the console always names its own, shorter one). The JVM is started without {@code
 * -XX:+ExitOnOutOfMemoryError} (tools/neo4j_local.py): values an expression builds are not
 * counted by the transaction limits, and a heap exhausted by one query then fails that query with
 * Neo4j's OutOfMemoryError instead of ending the process.
 *
 * <p>Usage: {@code LocalNeo4j [--home DIR] [--port N] [--page-cache SIZE] [--tx-memory SIZE]
 * [--tx-total-memory SIZE] [--tx-timeout DURATION] [--watch-stdin]}
 *
 * <ul>
 *   <li>{@code --home DIR}: the DBMS home (data and logs). Without it a temporary directory is
 *       created and removed again on shutdown.
 *   <li>{@code --port N}: Bolt port; 0 (the default) lets the OS pick a free one.
 *   <li>{@code --page-cache SIZE}: page cache size, e.g. {@code 256m} (the default).
 *   <li>{@code --tx-memory SIZE}: most heap one transaction may use; half the JVM's maximum heap
 *       by default.
 *   <li>{@code --tx-total-memory SIZE}: most heap all transactions together may use; three
 *       quarters of the JVM's maximum heap by default.
 *   <li>{@code --tx-timeout DURATION}: how long a transaction that sets no timeout may run, e.g.
 *       {@code 10m} (the default) or {@code 90s}.
 *   <li>{@code --watch-stdin}: shut down when standard input reaches end of file (the parent
 *       process closed it or died).
 * </ul>
 *
 * <p>Protocol on stdout: exactly one line {@code READY bolt://127.0.0.1:PORT} once Bolt accepts
 * connections with the password; {@code STOPPED} after a clean shutdown. Errors go to stderr as a
 * single line starting with {@code ERROR }, and the exit code is non-zero. SIGTERM/SIGINT shut the
 * DBMS down cleanly (JVM shutdown hook).
 */
public final class LocalNeo4j {
  static final String PASSWORD_ENV = "NEO4J_PASSWORD";
  static final String USER = "neo4j";

  private LocalNeo4j() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (UsageException e) {
      fail(2, e.getMessage());
    } catch (Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (root != e) {
        msg += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
      }
      fail(1, msg);
    }
  }

  private static void fail(int code, String message) {
    System.err.println("ERROR " + message.replace('\n', ' '));
    System.err.flush();
    System.exit(code);
  }

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static void run(String[] args) throws Exception {
    Path home = null;
    int port = 0;
    String pageCache = "256m";
    String txMemory = null;
    String txTotalMemory = null;
    String txTimeout = "10m";
    boolean watchStdin = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--home" -> home = Path.of(value(args, ++i, a)).toAbsolutePath();
        case "--port" -> {
          try {
            port = Integer.parseInt(value(args, ++i, a));
          } catch (NumberFormatException e) {
            throw new UsageException("--port needs a number");
          }
          if (port < 0 || port > 65535) {
            throw new UsageException("--port out of range: " + port);
          }
        }
        case "--page-cache" -> pageCache = value(args, ++i, a);
        case "--tx-memory" -> txMemory = value(args, ++i, a);
        case "--tx-total-memory" -> txTotalMemory = value(args, ++i, a);
        case "--tx-timeout" -> txTimeout = value(args, ++i, a);
        case "--watch-stdin" -> watchStdin = true;
        default -> throw new UsageException(
            "unknown argument " + a
                + "; usage: LocalNeo4j [--home DIR] [--port N] [--page-cache SIZE]"
                + " [--tx-memory SIZE] [--tx-total-memory SIZE] [--tx-timeout DURATION]"
                + " [--watch-stdin]");
      }
    }
    String password = System.getenv(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      throw new UsageException("environment variable " + PASSWORD_ENV + " is not set");
    }
    if (password.codePoints().count() < 8) {
      throw new UsageException(PASSWORD_ENV + " must be at least 8 characters (Neo4j's minimum)");
    }
    long pageCacheBytes;
    try {
      pageCacheBytes = ByteUnit.parse(pageCache);
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad --page-cache value " + pageCache);
    }
    // Half the heap by default: a runaway query fails cleanly while a large build keeps room.
    long heap = Runtime.getRuntime().maxMemory();
    long txMemoryBytes = bytes(txMemory, heap / 2, "--tx-memory");
    // Room for two console queries at their limit and a build, never the whole heap.
    long txTotalBytes = bytes(txTotalMemory, heap / 4 * 3, "--tx-total-memory");
    if (txTotalBytes < txMemoryBytes) {
      throw new UsageException("--tx-total-memory must be at least --tx-memory");
    }
    Duration txTimeoutDuration;
    try {
      txTimeoutDuration = SettingValueParsers.DURATION.parse(txTimeout);
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad --tx-timeout value " + txTimeout + " (e.g. 10m, 90s)");
    }

    final boolean tempHome = home == null;
    final Path dbmsHome = tempHome ? Files.createTempDirectory("vendorgraph-neo4j-") : home;
    Files.createDirectories(dbmsHome);

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dbmsHome)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
        .setConfig(GraphDatabaseSettings.udc_enabled, false)
        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
        .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
        // Defence in depth for the read-only console: no file reads, no outbound URLs, no
        // procedures, bounded transaction memory (see the class comment).
        .setConfig(GraphDatabaseSettings.allow_file_urls, false)
        .setConfig(GraphDatabaseSettings.load_csv_file_url_root, dbmsHome.resolve("no-import"))
        .setConfig(
            GraphDatabaseInternalSettings.cypher_ip_blocklist,
            List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
        .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of("vendorgraph.none"))
        .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemoryBytes)
        .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txTotalBytes)
        .setConfig(GraphDatabaseSettings.transaction_timeout, txTimeoutDuration)
        // Netty's graceful shutdown otherwise waits a quiet period twice (~10 s per stop).
        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
        .build();

    final CountDownLatch stopped = new CountDownLatch(1);
    final AtomicBoolean shutDown = new AtomicBoolean(false);
    Runnable shutdown = () -> {
      if (!shutDown.compareAndSet(false, true)) {
        return;
      }
      try {
        dbms.shutdown();
      } catch (Throwable t) {
        System.err.println("ERROR during shutdown: " + t);
      }
      if (tempHome) {
        deleteRecursively(dbmsHome);
      }
      System.out.println("STOPPED");
      System.out.flush();
      stopped.countDown();
    };
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "local-neo4j-shutdown"));

    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    setPassword(system, password);

    HostnamePort bolt = ((GraphDatabaseAPI) system)
        .getDependencyResolver()
        .resolveDependency(ConnectorPortRegister.class)
        .getLocalAddress(ConnectorType.BOLT);
    if (bolt == null) {
      throw new IllegalStateException("Bolt connector did not register a port");
    }
    System.out.println("READY bolt://127.0.0.1:" + bolt.getPort() + " home=" + dbmsHome);
    System.out.flush();

    if (watchStdin) {
      Thread watcher = new Thread(() -> {
        try (InputStream in = System.in) {
          byte[] buf = new byte[256];
          while (in.read(buf) >= 0) {
            // Ignore input; only end of file matters.
          }
        } catch (IOException ignored) {
          // Treat a broken stdin like end of file.
        }
        System.exit(0);
      }, "local-neo4j-stdin");
      watcher.setDaemon(true);
      watcher.start();
    }
    stopped.await();
  }

  private static long bytes(String given, long fallback, String flag) throws UsageException {
    if (given == null) {
      return fallback;
    }
    try {
      return ByteUnit.parse(given);
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad " + flag + " value " + given);
    }
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(flag + " needs a value");
    }
    return args[i];
  }

  /**
   * Sets the {@code neo4j} user's password (no change required on first login). Embedded
   * transactions run with full privileges, so this works with authentication on. Neo4j refuses to
   * "change" a password to its current value; in that case only the change-required flag is
   * cleared.
   */
  private static void setPassword(GraphDatabaseService system, String password) {
    try {
      system.executeTransactionally(
          "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
          Map.of("password", password));
    } catch (RuntimeException e) {
      String msg = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (!msg.contains("cannot be the same")) {
        throw e;
      }
      system.executeTransactionally("ALTER USER " + USER + " SET PASSWORD CHANGE NOT REQUIRED");
    }
  }

  private static void deleteRecursively(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      System.err.println("WARN could not delete " + root + ": " + e.getMessage());
    }
  }
}
