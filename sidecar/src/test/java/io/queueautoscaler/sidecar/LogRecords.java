package io.queueautoscaler.sidecar;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The sidecar's log lines while a test runs. */
final class LogRecords extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(Sidecar.class.getName());
    private final List<LogRecord> records = new ArrayList<>();

    LogRecords() {
        logger.addHandler(this);
    }

    synchronized List<String> messagesContaining(String text) {
        return records.stream().map(LogRecord::getMessage).filter(m -> m.contains(text)).toList();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
