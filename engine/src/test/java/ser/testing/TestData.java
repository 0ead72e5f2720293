package ser.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where test inputs live: bundled resources, and the shared real clips when they are present. */
public final class TestData {
    private TestData() {
    }

    private static Path extracted;

    /**
     * A file under {@code src/test/resources}; when other modules read it from the engine's
     * test jar it is copied out first, keeping its file name (corpus readers parse names).
     */
    public static synchronized Path resource(String name) {
        URL url = TestData.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            if (extracted == null) {
                extracted = Files.createTempDirectory("ser-test-resources");
            }
            Path copy = extracted.resolve(name);
            if (Files.notExists(copy)) {
                Files.createDirectories(copy.getParent());
                try (InputStream in = url.openStream()) {
                    Files.copy(in, copy);
                }
            }
            return copy;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read test resource " + name, e);
        }
    }

    /** A folder of {@code ../shared/data}; the calling test is skipped when it is absent. */
    public static Path shared(String sub) {
        Path root = Path.of(System.getProperty("ser.shared.data", "../../shared/data"));
        Path dir = root.resolve(sub);
        assumeTrue(Files.isDirectory(dir), "shared data not present: " + dir.toAbsolutePath());
        return dir;
    }
}
