//! File kinds: one table from kind to globs, compiled once into a GlobSet,
//! the way ripgrep's type table works. A file may have several kinds (a
//! `docker-compose.yml` is both `compose` and `yaml`).

use std::sync::OnceLock;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Serialize;

macro_rules! kinds {
    ($( $variant:ident => $name:literal : [$($glob:literal),* $(,)?] ),* $(,)?) => {
        /// What a file is, from its path alone.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "kebab-case")]
        #[repr(u8)]
        pub enum FileKind { $($variant),* }

        impl FileKind {
            pub const ALL: &'static [FileKind] = &[$(FileKind::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(FileKind::$variant => $name),* }
            }

            fn globs(self) -> &'static [&'static str] {
                match self { $(FileKind::$variant => &[$($glob),*]),* }
            }
        }
    };
}

// Globs are matched against the repo-relative path, case-insensitively.
kinds! {
    Readme => "readme": ["readme", "readme.*", "**/readme", "**/readme.*"],
    License => "license": ["license", "license.*", "licence", "licence.*", "copying", "copying.*", "license-*", "licenses/*"],
    Changelog => "changelog": ["changelog", "changelog.*", "changes", "changes.*", "history.md", "history.rst", "news.md", "releases.md", "**/changelog.md"],
    SecurityPolicy => "security-policy": ["security.md", "security.rst", "security.txt", ".github/security.md", "docs/security.md", ".gitlab/security.md"],
    Codeowners => "codeowners": ["codeowners", ".github/codeowners", "docs/codeowners", ".gitlab/codeowners", ".bitbucket/codeowners"],
    Markdown => "markdown": ["**/*.md", "**/*.markdown", "**/*.mdx"],
    Rst => "rst": ["**/*.rst"],
    Asciidoc => "asciidoc": ["**/*.adoc", "**/*.asciidoc", "**/*.asc"],
    TextDoc => "text-doc": ["**/*.txt"],
    Dockerfile => "dockerfile": ["**/dockerfile", "**/*.dockerfile", "**/dockerfile.*", "**/dockerfile-*", "**/dockerfile_*", "**/containerfile", "**/containerfile.*"],
    Dockerignore => "dockerignore": ["**/.dockerignore", "**/*.dockerignore"],
    Compose => "compose": ["**/docker-compose*.yml", "**/docker-compose*.yaml", "**/compose.yml", "**/compose.yaml", "**/compose.*.yml", "**/compose.*.yaml"],
    Yaml => "yaml": ["**/*.yml", "**/*.yaml"],
    Json => "json": ["**/*.json"],
    Toml => "toml": ["**/*.toml"],
    GithubWorkflow => "github-workflow": [".github/workflows/*.yml", ".github/workflows/*.yaml"],
    GitlabCi => "gitlab-ci": [".gitlab-ci.yml", ".gitlab-ci.yaml", ".gitlab/ci/**/*.yml"],
    Sql => "sql": ["**/*.sql"],
    EnvFile => "env-file": ["**/.env", "**/.env.*", "**/*.env"],
    Terraform => "terraform": ["**/*.tf", "**/*.tfvars"],
    Shell => "shell": ["**/*.sh", "**/*.bash", "**/*.zsh"],
}

impl FileKind {
    fn bit(self) -> u64 {
        1u64 << (self as u8)
    }
}

/// A set of kinds, as a bitmask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Kinds(u64);

impl Kinds {
    pub fn has(self, kind: FileKind) -> bool {
        self.0 & kind.bit() != 0
    }

    pub fn insert(&mut self, kind: FileKind) {
        self.0 |= kind.bit();
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = FileKind> {
        FileKind::ALL.iter().copied().filter(move |k| self.has(*k))
    }
}

impl Serialize for Kinds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(FileKind::name))
    }
}

struct Table {
    set: GlobSet,
    owner: Vec<FileKind>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut b = GlobSetBuilder::new();
        let mut owner = Vec::new();
        for kind in FileKind::ALL {
            for g in kind.globs() {
                // The table is static and covered by tests; a bad glob is a bug.
                let glob = Glob::new(g).expect("kind glob compiles");
                b.add(glob);
                owner.push(*kind);
            }
        }
        Table {
            set: b.build().expect("kind table compiles"),
            owner,
        }
    })
}

/// The kinds of a repo-relative path ('/'-separated).
pub fn classify(path: &str) -> Kinds {
    let lower = path.to_ascii_lowercase();
    let mut kinds = Kinds::default();
    for i in table().set.matches(&lower) {
        kinds.insert(table().owner[i]);
    }
    // `dockerfile.*` and `dockerfile-*` are for `Dockerfile.prod` and
    // `Dockerfile-alpine`; a parser's source file
    // (`dockerfile.rs`, `Dockerfile.md` docs) is not a Dockerfile.
    if kinds.has(FileKind::Dockerfile) {
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        let doc = matches!(
            ext,
            "md" | "rst" | "txt" | "json" | "yaml" | "yml" | "toml" | "lock"
        );
        if language(path).is_some() || doc {
            kinds.0 &= !FileKind::Dockerfile.bit();
        }
    }
    kinds
}

/// Programming languages, from file extension, for checks that care about
/// source (tests present, timeouts, env vars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Rust,
    Python,
    Go,
    JavaScript,
    TypeScript,
    Java,
    Kotlin,
    Scala,
    Ruby,
    Php,
    CSharp,
    FSharp,
    C,
    Cpp,
    Swift,
    ObjectiveC,
    Elixir,
    Erlang,
    Haskell,
    Clojure,
    Dart,
    Lua,
    Perl,
    R,
    Julia,
    Zig,
    Nim,
    OCaml,
    Groovy,
    Shell,
}

impl Lang {
    pub fn name(self) -> &'static str {
        match self {
            Lang::Rust => "Rust",
            Lang::Python => "Python",
            Lang::Go => "Go",
            Lang::JavaScript => "JavaScript",
            Lang::TypeScript => "TypeScript",
            Lang::Java => "Java",
            Lang::Kotlin => "Kotlin",
            Lang::Scala => "Scala",
            Lang::Ruby => "Ruby",
            Lang::Php => "PHP",
            Lang::CSharp => "C#",
            Lang::FSharp => "F#",
            Lang::C => "C",
            Lang::Cpp => "C++",
            Lang::Swift => "Swift",
            Lang::ObjectiveC => "Objective-C",
            Lang::Elixir => "Elixir",
            Lang::Erlang => "Erlang",
            Lang::Haskell => "Haskell",
            Lang::Clojure => "Clojure",
            Lang::Dart => "Dart",
            Lang::Lua => "Lua",
            Lang::Perl => "Perl",
            Lang::R => "R",
            Lang::Julia => "Julia",
            Lang::Zig => "Zig",
            Lang::Nim => "Nim",
            Lang::OCaml => "OCaml",
            Lang::Groovy => "Groovy",
            Lang::Shell => "Shell",
        }
    }
}

/// The language of a source file, by extension.
pub fn language(path: &str) -> Option<Lang> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "rs" => Lang::Rust,
        "py" | "pyi" => Lang::Python,
        "go" => Lang::Go,
        "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
        "ts" | "tsx" | "mts" | "cts" => Lang::TypeScript,
        "java" => Lang::Java,
        "kt" | "kts" => Lang::Kotlin,
        "scala" | "sc" => Lang::Scala,
        "rb" | "rake" => Lang::Ruby,
        "php" => Lang::Php,
        "cs" => Lang::CSharp,
        "fs" | "fsx" => Lang::FSharp,
        "c" | "h" => Lang::C,
        "cc" | "cpp" | "cxx" | "hpp" | "hh" | "hxx" => Lang::Cpp,
        "swift" => Lang::Swift,
        "m" | "mm" => Lang::ObjectiveC,
        "ex" | "exs" => Lang::Elixir,
        "erl" | "hrl" => Lang::Erlang,
        "hs" => Lang::Haskell,
        "clj" | "cljs" | "cljc" => Lang::Clojure,
        "dart" => Lang::Dart,
        "lua" => Lang::Lua,
        "pl" | "pm" | "t" => Lang::Perl,
        "r" => Lang::R,
        "jl" => Lang::Julia,
        "zig" => Lang::Zig,
        "nim" => Lang::Nim,
        "ml" | "mli" => Lang::OCaml,
        "groovy" | "gradle" => Lang::Groovy,
        "sh" | "bash" | "zsh" => Lang::Shell,
        _ => return None,
    })
}

/// Extensions whose content no text check can use; skipped without reading.
pub fn is_known_binary(path: &str) -> bool {
    let Some((_, ext)) = path.rsplit_once('.') else {
        return false;
    };
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "bmp"
            | "ico"
            | "webp"
            | "tiff"
            | "psd"
            | "zip"
            | "gz"
            | "tgz"
            | "bz2"
            | "xz"
            | "zst"
            | "7z"
            | "rar"
            | "tar"
            | "jar"
            | "war"
            | "ear"
            | "class"
            | "so"
            | "dylib"
            | "dll"
            | "exe"
            | "o"
            | "a"
            | "lib"
            | "obj"
            | "pdb"
            | "wasm"
            | "woff"
            | "woff2"
            | "ttf"
            | "otf"
            | "eot"
            | "pdf"
            | "mp3"
            | "mp4"
            | "mov"
            | "avi"
            | "mkv"
            | "wav"
            | "flac"
            | "ogg"
            | "webm"
            | "pyc"
            | "pyo"
            | "whl"
            | "egg"
            | "deb"
            | "rpm"
            | "dmg"
            | "iso"
            | "bin"
            | "dat"
            | "db"
            | "sqlite"
            | "sqlite3"
            | "parquet"
            | "avro"
            | "orc"
            | "npy"
            | "npz"
            | "pt"
            | "onnx"
            | "h5"
            | "pkl"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_and_docs_named_for_dockerfiles_are_not_dockerfiles() {
        for (path, is) in [
            ("Dockerfile", true),
            ("deploy/Dockerfile.prod", true),
            ("api.Dockerfile", true),
            (".docker/Dockerfile-alpine", true),
            ("docker/Dockerfile_prod", true),
            ("tools/dockerfile-lint.js", false),
            ("docs/dockerfile-guide.md", false),
            ("Containerfile", true),
            ("src/formats/dockerfile.rs", false),
            ("lib/dockerfile.py", false),
            ("docs/Dockerfile.md", false),
        ] {
            assert_eq!(classify(path).has(FileKind::Dockerfile), is, "{path}");
        }
    }

    #[test]
    fn classifies_by_path() {
        let cases: &[(&str, &[FileKind])] = &[
            ("README.md", &[FileKind::Readme, FileKind::Markdown]),
            ("docs/README.rst", &[FileKind::Readme, FileKind::Rst]),
            ("LICENSE", &[FileKind::License]),
            ("Dockerfile", &[FileKind::Dockerfile]),
            ("svc/api.Dockerfile", &[FileKind::Dockerfile]),
            (
                "docker-compose.prod.yml",
                &[FileKind::Compose, FileKind::Yaml],
            ),
            (
                ".github/workflows/ci.yml",
                &[FileKind::Yaml, FileKind::GithubWorkflow],
            ),
            (".github/CODEOWNERS", &[FileKind::Codeowners]),
            (".env.production", &[FileKind::EnvFile]),
            ("src/main.rs", &[]),
        ];
        for (path, want) in cases {
            let got: Vec<FileKind> = classify(path).iter().collect();
            let mut want = want.to_vec();
            want.sort();
            assert_eq!(got, want, "{path}");
        }
    }

    #[test]
    fn detects_languages() {
        assert_eq!(language("src/lib.rs"), Some(Lang::Rust));
        assert_eq!(language("a/b.test.ts"), Some(Lang::TypeScript));
        assert_eq!(language("Makefile"), None);
        assert!(is_known_binary("logo.PNG"));
        assert!(!is_known_binary("main.go"));
    }
}
