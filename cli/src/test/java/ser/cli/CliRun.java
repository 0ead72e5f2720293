package ser.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code ser} command line, with its streams captured. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * The {@code ser} command line in a JVM of its own (for heap limits and SIGKILL), on this test's class
     * path, its stdout and stderr in {@code log}.
     *
     * @param heap the child's -Xmx, or null for the JVM's default
     */
    static Process process(String heap, java.nio.file.Path log, java.util.List<String> args) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "ser.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
