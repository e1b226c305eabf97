/** Keel's version, reported in CLI output and reports. Kept equal to package.json by a test. */
export const KEEL_VERSION = '0.1.0';
