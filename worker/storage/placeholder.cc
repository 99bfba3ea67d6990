// Placeholder so the component library is never empty.
