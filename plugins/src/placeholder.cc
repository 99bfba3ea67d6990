// Placeholder so the SDK library is never empty.
