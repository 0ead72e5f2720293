package ser.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where test inputs live: bundled resources, and the shared real clips when they are present. */
public final class TestData {
    private TestData() {
    }

    /** A file under {@code src/test/resources}. */
    public static Path resource(String name) {
        try {
            var url = TestData.class.getResource("/" + name);
            if (url == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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
