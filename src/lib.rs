pub use serde_saphyr;

pub mod secrets;
