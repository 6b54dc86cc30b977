// Placeholder: re-recorded by DocsTests.
