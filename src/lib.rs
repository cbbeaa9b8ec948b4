pub use serde_saphyr;
