package org.dl4jgamma.bench.cli;

import java.util.concurrent.atomic.AtomicInteger;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.dl4jgamma.bench.sweep.SweepListener;
import org.dl4jgamma.bench.sweep.TrialResult;

/**
 * A console progress bar over the sweep's (protocol, depth, gamma0, seed) points, with the time left, and the
 * trials done and diverged so far in its message. While it is shown, {@code System.err} goes through a
 * {@link BarConsole}, so log lines start on their own line above the bar.
 */
final class ProgressListener implements SweepListener, AutoCloseable {

    private final BarConsole console;
    private final ProgressBar bar;
    private final AtomicInteger trials = new AtomicInteger();
    private final AtomicInteger diverged = new AtomicInteger();
    private final AtomicInteger resumed = new AtomicInteger();

    ProgressListener(int points) {
        this.console = BarConsole.forTerminal(System.err);
        console.install();
        this.bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(points).setUnit(" points", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setConsumer(console).build();
        bar.setExtraMessage(message());
    }

    @Override
    public void trialFinished(String protocol, TrialResult result, boolean wasResumed) {
        trials.incrementAndGet();
        if (!result.ok()) {
            diverged.incrementAndGet();
        }
        if (wasResumed) {
            resumed.incrementAndGet();
        }
        bar.setExtraMessage(message());
    }

    @Override
    public void searchFinished(SearchOutcome outcome) {
        bar.step();
    }

    private String message() {
        String text = "trials " + trials.get() + ", diverged " + diverged.get();
        return resumed.get() > 0 ? text + ", resumed " + resumed.get() : text;
    }

    @Override
    public void close() {
        bar.close();
        console.close();
    }
}
