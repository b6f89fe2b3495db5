package org.dl4jgamma.bench.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Shares one console stream between a progress bar and log lines, so that every log line starts on a line of its
 * own and the bar stays below the logs.
 *
 * <p>The bar is drawn as {@code "\r" + bar} without a line end. Everything else goes through {@link #logStream()}
 * (installed as {@code System.err} by {@link #install()}, where logback's console appender writes): before the
 * first character of a line, a drawn bar is erased ({@code "\r"}, spaces over its length, {@code "\r"}); after a
 * line end, the bar is drawn again below it. Both sides lock this object, so a bar refresh from the bar's thread
 * never lands inside a log line.
 */
final class BarConsole implements ProgressBarConsumer {

    private final PrintStream terminal;
    private final int maxLength;
    private final PrintStream logStream;
    private PrintStream replacedErr;
    private String bar = "";
    private boolean barDrawn;
    private boolean atLineStart = true;
    private boolean closed;

    /**
     * @param terminal  where the bar and the log lines finally go, e.g. the original {@code System.err}
     * @param maxLength longest bar drawn, in characters (the terminal width)
     */
    BarConsole(PrintStream terminal, int maxLength) {
        this.terminal = terminal;
        this.maxLength = Math.max(10, maxLength);
        this.logStream = new PrintStream(new LogOutput(), true, StandardCharsets.UTF_8);
    }

    /**
     * @param terminal where the bar and the log lines go; the bar is as wide as the terminal
     * @return the console
     */
    static BarConsole forTerminal(PrintStream terminal) {
        return new BarConsole(terminal, new ConsoleProgressBarConsumer(terminal).getMaxRenderedLength());
    }

    /** @return the stream for everything but the bar; it erases and redraws the bar around each line */
    PrintStream logStream() {
        return logStream;
    }

    /** Makes {@link #logStream()} the process's {@code System.err} until {@link #close()}. */
    synchronized void install() {
        replacedErr = System.err;
        System.setErr(logStream);
    }

    @Override
    public int getMaxRenderedLength() {
        return maxLength;
    }

    @Override
    public synchronized void accept(String rendered) {
        if (closed) {
            return;
        }
        bar = rendered.length() > maxLength ? rendered.substring(0, maxLength) : rendered;
        if (atLineStart) {
            terminal.print("\r" + bar);
            terminal.flush();
            barDrawn = true;
        }
    }

    /** Leaves the last bar on its own line, ends it, and gives {@code System.err} back. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (barDrawn) {
            terminal.println();
            barDrawn = false;
        }
        terminal.flush();
        if (replacedErr != null && System.err == logStream) {
            System.setErr(replacedErr);
        }
    }

    private synchronized void writeLog(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (barDrawn) {
            terminal.print("\r" + " ".repeat(bar.length()) + "\r");
            barDrawn = false;
        }
        terminal.write(bytes, offset, length);
        atLineStart = bytes[offset + length - 1] == '\n';
        if (atLineStart && !closed && !bar.isEmpty()) {
            terminal.print(bar);
            barDrawn = true;
        }
        terminal.flush();
    }

    /** The output behind {@link #logStream()}. */
    private final class LogOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            writeLog(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writeLog(bytes, offset, length);
        }

        @Override
        public void flush() {
            terminal.flush();
        }
    }
}
