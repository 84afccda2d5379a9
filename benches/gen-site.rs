//! Writes a synthetic folio site for benchmarks: N engineers with realistic,
//! deterministic profiles (the same output for the same `--people` and `--seed`).
//!
//! ```sh
//! cargo run --release --example gen-site -- --people 10000 --out DIR [--seed N]
//! ```
//!
//! What it writes, in folio's content format (see the README):
//!
//! - `site.toml` with a `base_url` under a path and a few `[skill_aliases]`;
//! - `content/people/`: one profile per person, about 7 in 10 with TOML front
//!   matter and 3 in 10 with YAML, a few as `<slug>/index.md` folders. Each has
//!   a ~250-word bio with one fenced code block (rust, go, python, sql or yaml),
//!   sometimes a heading and a link to a colleague's page; 3–5 roles at
//!   employers drawn from a pool of N/10 (a few large employers, many small
//!   ones) with markdown highlights and technologies; 0–3 talks, about one in
//!   six given with a co-speaker (the same title and date in both profiles,
//!   each naming the other in `with`); 8–15 skills from a pool of N/20 with a
//!   Zipf-like popularity; education, links, spoken languages, and for some
//!   people projects and writing;
//! - `content/employers/`: a file for about one employer in five, some with an
//!   alias that some profiles use instead of the full name.
//!
//! - with `--photos 0.3`, three people in ten get a 1200×1600 JPEG photo as their
//!   avatar (their profile becomes a folder).
//!
//! The folder given to `--out` must be empty, missing, or written by this
//! program before (it leaves a `.gen-site` marker); its `content/` is replaced.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;
use fastrand::Rng;
use folio::slug::slugify;

#[derive(Parser)]
#[command(about = "Write a synthetic folio site with N engineers, for benchmarks")]
struct Args {
    /// How many profiles to write.
    #[arg(long)]
    people: usize,
    /// The site's folder (created; a folder this program wrote before is replaced).
    #[arg(long)]
    out: PathBuf,
    /// The same seed writes the same site.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The share of people (0 to 1) given a photo: a 1200×1600 JPEG beside their profile,
    /// which makes it a folder profile.
    #[arg(long, default_value_t = 0.0)]
    photos: f32,
}

/// "Now" for every generated date, fixed so the output does not depend on the clock.
const NOW_MONTH: u32 = 2025 * 12 + 5;
const MARKER: &str = ".gen-site";

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Ada", "Alan", "Ana", "Arjun", "Beatriz", "Bruno", "Carlos", "Chen", "Chiara", "Dana", "Diego",
    "Dmitri", "Elena", "Emre", "Esme", "Eva", "Farah", "Felix", "Gabriel", "Grace", "Hana", "Hugo",
    "Inês", "Ivan", "Jamal", "Jana", "Jin", "João", "Karin", "Kenji", "Kofi", "Lars", "Léa", "Li",
    "Lucía", "Marta", "Maya", "Mehmet", "Mia", "Nadia", "Niko", "Nils", "Noor", "Olga", "Omar",
    "Paula", "Pedro", "Priya", "Quinn", "Rafael", "Rhea", "Rosa", "Sam", "Sara", "Sofia", "Søren",
    "Tariq", "Teo", "Tomás", "Uma", "Vera", "Wei", "Yara", "Yusuf", "Zoë", "Aisha", "Björn",
    "Camille", "Dario", "Emeka", "Fatima", "Giulia", "Hiro", "Ingrid", "Jakub", "Kai", "Leila",
    "Mateo", "Nora", "Oskar", "Pilar", "Ravi", "Selin", "Thabo", "Ulla", "Viktor", "Wanjiru",
    "Xin", "Yosef", "Zainab", "Łukasz",
];
#[rustfmt::skip]
const LAST: &[&str] = &[
    "Abe", "Adeyemi", "Álvarez", "Andersen", "Bauer", "Becker", "Brown", "Chen", "Costa", "Dubois",
    "Eriksson", "Fischer", "García", "Gupta", "Haddad", "Hansen", "Ito", "Jansen", "Kaur", "Kim",
    "Kowalski", "Kumar", "Larsen", "Lee", "López", "Martin", "Meyer", "Moreau", "Müller",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Park", "Patel", "Pérez", "Petrov", "Popescu",
    "Rossi", "Santos", "Schmidt", "Silva", "Singh", "Smith", "Suzuki", "Tanaka", "Torres", "Wagner",
    "Walker", "Wang", "Weber", "Williams", "Yılmaz", "Zhang", "Ivanova", "Moretti", "Lindqvist",
    "Oduya", "Haas", "Achebe", "Bianchi", "Castillo", "Dahl", "Eze", "Ferreira", "Gómez", "Horvat",
    "Iqbal", "Jovanović", "Kovács", "Lindgren", "Mensah", "Nowak", "Ortiz", "Pham", "Quispe",
    "Reyes", "Sato", "Tran", "Ueda", "Varga", "Wójcik", "Xu", "Yamamoto", "Zapata",
];
/// Real skill names, roughly most popular first (rank drives the Zipf weights).
#[rustfmt::skip]
const SKILLS: &[&str] = &[
    "Python", "Go", "Kubernetes", "PostgreSQL", "Linux", "Docker", "AWS", "TypeScript", "Java",
    "Rust", "Terraform", "JavaScript", "React", "Kafka", "Redis", "GCP", "Prometheus", "gRPC",
    "MySQL", "Bash", "Grafana", "Kotlin", "C++", "Ansible", "Scala", "Ruby", "Elasticsearch",
    "Azure", "GraphQL", "Helm", "Spark", "Airflow", "Django", "OpenTelemetry", "Node.js", "Vault",
    "Envoy", "Nginx", "C", "Swift", "MongoDB", "Cassandra", "ClickHouse", "Snowflake", "BigQuery",
    "Flink", "dbt", "PyTorch", "TensorFlow", "Pandas", "NumPy", "Elixir", "Erlang", "Haskell",
    "OCaml", "Clojure", "Zig", "Lua", "Perl", "PHP", "Nomad", "Consul", "Istio", "Linkerd",
    "Jaeger", "RabbitMQ", "NATS", "Pulsar", "Memcached", "SQLite", "ScyllaDB", "CockroachDB",
    "Vitess", "OpenSearch", "Trino", "DuckDB", "JAX", "Kubeflow", "Vue", "Angular", "Svelte",
    "Protobuf", "WebAssembly", "HAProxy", "eBPF", "FreeBSD", "Lambda", "CloudFormation", "Pulumi",
    "Jenkins", "Bazel", "Gradle", "Maven", "Webpack", "Vite", "Flask", "FastAPI", "Rails", "Spring",
    "Phoenix", "Tokio", "Axum", "Celery", "Sidekiq", "GitHub Actions", "GitLab CI",
    "Site Reliability", "Distributed Systems", "Incident Response", "Capacity Planning",
    "Code Review", "Mentoring", "Technical Writing", "API Design", "Observability",
    "Chaos Engineering", "Data Modeling", "Performance Tuning", "Security Auditing",
    "Cost Optimization",
];
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "Internals", "Operations", "Tuning", "Testing", "Security", "Migrations", "Observability",
    "Automation", "Modeling", "Scaling",
];
/// Spellings some people use, mapped back in site.toml's `[skill_aliases]`.
const SKILL_ALIASES: &[(&str, &str)] = &[
    ("k8s", "Kubernetes"),
    ("Golang", "Go"),
    ("Postgres", "PostgreSQL"),
];
#[rustfmt::skip]
const EMP_PRE: &[&str] = &[
    "Nova", "Zen", "Cor", "Vex", "Lum", "Orb", "Kin", "Tal", "Sol", "Quar", "Hex", "Arc", "Bri",
    "Cal", "Dyn", "Fer", "Glo", "Hal", "Ion", "Jun", "Kel", "Mer", "Nex", "Oro", "Pax", "Qui",
    "Ryn", "Syl", "Tor", "Ulm",
];
#[rustfmt::skip]
const EMP_MID: &[&str] = &[
    "tek", "vana", "lix", "ora", "mint", "dex", "cast", "wave", "grid", "stack", "loop", "path",
    "node", "forge", "base", "line", "field", "spark", "cloud", "byte",
];
#[rustfmt::skip]
const EMP_SUF: &[&str] = &[
    "Systems", "Labs", "Technologies", "Networks", "Software", "Cloud", "Data", "Robotics",
    "Analytics", "Industries", "Media", "Health", "Payments", "Logistics", "Energy", "Security",
    "Games", "Bank", "Foods", "Motors",
];
const LEVELS: &[&str] = &["Junior ", "", "Senior ", "Staff ", "Principal "];
#[rustfmt::skip]
const TRACKS: &[&str] = &[
    "Software Engineer", "Backend Engineer", "Site Reliability Engineer", "Data Engineer",
    "Platform Engineer", "Security Engineer", "Frontend Engineer", "Machine Learning Engineer",
    "Infrastructure Engineer",
];
#[rustfmt::skip]
const TEAMS: &[&str] = &[
    "Datastores", "Platform", "Payments", "Search", "Growth", "Infrastructure", "Developer Tools",
    "Observability", "Identity", "Core API", "Mobile", "Data Platform",
];
#[rustfmt::skip]
const CITIES: &[&str] = &[
    "Barcelona, Spain", "Berlin, Germany", "Lisbon, Portugal", "London, UK", "Paris, France",
    "Amsterdam, Netherlands", "Stockholm, Sweden", "Warsaw, Poland", "Toronto, Canada",
    "Austin, TX, USA", "Seattle, WA, USA", "New York, NY, USA", "San Francisco, CA, USA",
    "Tokyo, Japan", "Singapore", "Bangalore, India", "Sydney, Australia", "Lagos, Nigeria",
    "São Paulo, Brazil", "Zürich, Switzerland",
];
#[rustfmt::skip]
const EVENTS: &[&str] = &[
    "KubeCon", "GopherCon", "PyCon", "RustConf", "QCon", "Strange Loop", "SREcon", "FOSDEM",
    "Monitorama", "Velocity", "DevOpsDays", "JSConf", "PostgresConf", "Data Council", "EuroPython",
    "All Systems Go",
];
#[rustfmt::skip]
const TALK_ADJ: &[&str] = &[
    "Scaling", "Resilient", "Boring", "Practical", "Fearless", "Incremental", "Observable",
    "Reliable", "Humane", "Predictable", "Fast", "Safe",
];
#[rustfmt::skip]
const TALK_TOPICS: &[&str] = &[
    "Database Services", "Deploys", "Queues", "Caches", "Schedulers", "Build Systems",
    "Incident Response", "Data Pipelines", "Service Meshes", "Feature Flags", "Rate Limiters",
    "Search Clusters", "Storage Engines", "Load Balancers",
];
#[rustfmt::skip]
const TALK_SUBS: &[&str] = &[
    "Lessons From Production", "A Journey Into the Internals", "What We Got Wrong",
    "Ten Years Later", "From Zero to Millions", "The Hard Parts", "A Field Guide",
    "Mistakes and Fixes", "Under Pressure", "Beyond the Basics",
];
const UNIS: &[(&str, &str)] = &[
    ("Università degli Studi di Genova", "Genoa, Italy"),
    ("Technical University of Munich", "Munich, Germany"),
    ("University of Toronto", "Toronto, Canada"),
    ("KTH Royal Institute of Technology", "Stockholm, Sweden"),
    ("Universidade de Lisboa", "Lisbon, Portugal"),
    ("ETH Zürich", "Zürich, Switzerland"),
    ("University of Warsaw", "Warsaw, Poland"),
    ("Georgia Institute of Technology", "Atlanta, GA, USA"),
    ("National University of Singapore", "Singapore"),
    ("University of Tokyo", "Tokyo, Japan"),
    ("Politecnico di Milano", "Milan, Italy"),
    ("University of Edinburgh", "Edinburgh, UK"),
    ("Universidad de Buenos Aires", "Buenos Aires, Argentina"),
    ("University of Lagos", "Lagos, Nigeria"),
];
#[rustfmt::skip]
const DEGREES: &[&str] = &[
    "Bachelor of Science", "Master of Science", "Bachelor of Engineering", "Master of Engineering",
    "PhD",
];
#[rustfmt::skip]
const FIELDS: &[&str] = &[
    "Computer Science", "Software Engineering", "Mathematics", "Telecommunications Engineering",
    "Physics", "Electrical Engineering", "Information Systems",
];
#[rustfmt::skip]
const LANGUAGES: &[&str] = &[
    "English", "Spanish", "German", "French", "Portuguese", "Italian", "Polish", "Japanese",
    "Mandarin", "Hindi", "Swedish", "Turkish", "Yoruba", "Arabic",
];
const LANGUAGE_LEVELS: &[&str] = &["Professional", "Fluent", "Conversational", "Basic"];
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "Designed", "Built", "Led", "Migrated", "Scaled", "Rewrote", "Automated", "Hardened",
    "Simplified", "Launched", "Owned", "Reduced the cost of",
];
#[rustfmt::skip]
const NOUNS: &[&str] = &[
    "the storage layer", "the deploy pipeline", "the billing service", "the search index",
    "the metrics platform", "the authentication flow", "the job scheduler", "the data warehouse",
    "the API gateway", "the mobile backend", "the feature flag system", "the message bus",
    "the cache tier", "the on-call process",
];
#[rustfmt::skip]
const RESULTS: &[&str] = &[
    "cutting p99 latency by half", "saving 30 percent of compute spend",
    "serving ten times the traffic", "removing a week of manual work per release",
    "with zero downtime", "across four regions", "for more than two hundred engineers",
    "ahead of the yearly peak",
];
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "system", "service", "team", "latency", "storage", "queue", "cluster", "failure", "deploy",
    "rollout", "config", "schema", "index", "cache", "budget", "incident", "review", "design",
    "tradeoff", "contract", "interface", "migration", "metric", "alert", "dashboard", "capacity",
    "throughput", "backlog", "roadmap", "prototype", "benchmark", "profile",
];
/// Bio sentences: `{first}`, `{name}`, `{title}`, `{city}`, `{noun}`, `{result}`,
/// `{verb}`, `{s1}`, `{s2}`, `{lang}`, `{employer}`; each `{w}` is a random word.
#[rustfmt::skip]
const SENTENCES: &[&str] = &[
    "{name} is a {title} based in {city} who enjoys turning {w} problems into boring, reliable {w}s.",
    "Over the years {first} has worked on {w} and {w} tooling, always with an eye on {w} and {w}.",
    "At {employer}, {first} spends most of the time on {noun}, {result}.",
    "Outside of work {first} mentors new engineers, writes about {w} design and contributes to open source.",
    "{first} believes that a good {w} starts with a clear {w} and a small, well tested {w}.",
    "Favourite tools include {s1}, {s2} and a plain text editor with very few plugins.",
    "A typical week mixes {w} reviews, pairing on {w} changes and careful reading of {w} graphs.",
    "Earlier on, {first} {verb} {noun}, {result}, which taught them to respect every {w}.",
    "{first} likes to explain the {w} behind the {w} before anyone writes code, and to measure after.",
    "When something breaks at night, {first} prefers a short runbook and a calm {w} over heroics.",
    "Colleagues know {first} for patient {w} reviews and for asking what the {w} really needs.",
    "{first} has given talks on {w} design and still enjoys the questions more than the slides.",
    "Before joining industry, {first} studied how the {w} behaves under load and never quite stopped.",
    "Good documentation, in the view of {first}, answers the {w} question before the {w} question.",
    "{first} keeps a small notebook of {w} ideas, most of which end up as short internal posts.",
    "Hiring, onboarding and {w} planning are part of the job that {first} takes seriously.",
    "On a quiet afternoon {first} can be found deleting dead {w} code and old {w} flags.",
    "The proudest moment so far was the {w} migration that nobody outside the team noticed.",
    "{first} reads postmortems from other companies for fun and shares the best ones weekly.",
];
/// The bio's sentence just before its code block.
const SNIPPET_INTRO: &str =
    "The snippet below is the kind of small, readable {lang} that {first} writes every day.";
/// Code for the bio's fenced block: `%w` a word, `%f` a snake_case and `%F` a
/// CamelCase function name, `%n` a number.
const CODE: &[(&str, &str)] = &[
    (
        "rust",
        r#"/// Counts the distinct %w keys in `items`.
pub fn %f(items: &[&str]) -> usize {
    let mut seen = std::collections::HashSet::new();
    for item in items {
        seen.insert(*item);
    }
    seen.len()
}"#,
    ),
    (
        "go",
        r#"// %F returns the %w entries older than limit.
func %F(entries []Entry, limit time.Duration) []Entry {
	var out []Entry
	for _, e := range entries {
		if time.Since(e.At) > limit {
			out = append(out, e)
		}
	}
	return out
}"#,
    ),
    (
        "python",
        r#"def %f(records, limit=%n):
    """Return the most common %w keys."""
    counts = collections.Counter(r["%w"] for r in records)
    return counts.most_common(limit)"#,
    ),
    (
        "sql",
        r#"SELECT team, count(*) AS %ws
FROM %w_events
WHERE created_at > now() - interval '%n days'
GROUP BY team
ORDER BY %ws DESC
LIMIT 10;"#,
    ),
    (
        "yaml",
        r#"%w:
  replicas: %n
  resources:
    limits: { cpu: "500m", memory: 256Mi }
  alerts:
    - name: %w-latency
      threshold_ms: %n00"#,
    ),
];
const FUNCS: &[(&str, &str)] = &[
    ("count_keys", "CountKeys"),
    ("unique_items", "UniqueItems"),
    ("stale_entries", "StaleEntries"),
    ("tally", "Tally"),
];

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// Draws indexes 0..n with weight 1 / (rank + 1)^s: a few very common, a long tail.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        Zipf(
            (0..n)
                .map(|i| {
                    total += 1.0 / ((i + 1) as f64).powf(s);
                    total
                })
                .collect(),
        )
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.f64() * self.0[self.0.len() - 1];
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }

    /// `k` distinct indexes (k must not exceed n).
    fn distinct(&self, rng: &mut Rng, k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.sample(rng);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// Fills a sentence template; see `SENTENCES`.
fn fill(rng: &mut Rng, template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("a closed placeholder");
        let key = &rest[open + 1..close];
        if key == "w" {
            out.push_str(pick(rng, WORDS));
        } else {
            let value = vars.iter().find(|(k, _)| *k == key);
            out.push_str(value.unwrap_or_else(|| panic!("no value for {{{key}}}")).1);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

struct Employer {
    name: String,
    /// Has a file in content/employers/ (written if anyone worked there).
    file: bool,
    /// A shorter name some profiles use, claimed by the employer's file.
    alias: Option<String>,
    roles: usize,
}

struct Role {
    employer: usize,
    title: String,
    start: String,
    end: Option<String>,
    location: String,
    team: &'static str,
    technologies: Vec<String>,
    highlights: String,
}

struct Talk {
    title: String,
    event: String,
    date: String,
    location: &'static str,
    url: String,
    slides: Option<String>,
    video: Option<String>,
    abstract_: String,
    speakers: Vec<usize>,
}

struct Person {
    name: String,
    /// Under content/, e.g. `people/ada-lovelace.md` or `people/ada-lovelace/index.md`.
    path: String,
    yaml: bool,
    front: Doc,
    talks: Vec<usize>,
    bio: String,
}

/// A value in front matter.
enum V {
    Str(String),
    List(Vec<String>),
    /// Multi-line markdown.
    Text(String),
}

type Table = Vec<(&'static str, V)>;

/// Front matter, written as TOML or YAML.
#[derive(Default)]
struct Doc {
    /// Top-level keys.
    fields: Table,
    /// Tables of strings or lists (`[links]`, grouped `[skills]`).
    maps: Vec<(&'static str, Table)>,
    /// Lists of tables (`[[experience]]`).
    lists: Vec<(&'static str, Vec<Table>)>,
}

/// A quoted string, valid in TOML and in YAML (both read JSON's escapes).
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

impl Doc {
    fn toml(&self) -> String {
        let mut out = String::from("+++\n");
        let value = |v: &V| match v {
            V::Str(s) => q(s),
            V::List(l) => list(l),
            V::Text(t) => {
                assert!(!t.contains("\"\"\"") && !t.contains('\\'));
                format!("\"\"\"\n{t}\"\"\"")
            }
        };
        let table = |out: &mut String, t: &Table| {
            for (k, v) in t {
                let _ = writeln!(out, "{k} = {}", value(v));
            }
        };
        table(&mut out, &self.fields);
        for (name, t) in &self.maps {
            let _ = writeln!(out, "\n[{name}]");
            table(&mut out, t);
        }
        for (name, tables) in &self.lists {
            for t in tables {
                let _ = writeln!(out, "\n[[{name}]]");
                table(&mut out, t);
            }
        }
        out.push_str("+++\n");
        out
    }

    fn yaml(&self) -> String {
        let mut out = String::from("---\n");
        let entry = |out: &mut String, first: &str, rest: &str, (k, v): &(&str, V)| match v {
            V::Str(s) => _ = writeln!(out, "{first}{k}: {}", q(s)),
            V::List(l) => _ = writeln!(out, "{first}{k}: {}", list(l)),
            V::Text(t) => {
                let _ = writeln!(out, "{first}{k}: |");
                for line in t.lines() {
                    match line.is_empty() {
                        true => out.push('\n'),
                        false => _ = writeln!(out, "{rest}  {line}"),
                    }
                }
            }
        };
        for e in &self.fields {
            entry(&mut out, "", "", e);
        }
        for (name, t) in &self.maps {
            let _ = writeln!(out, "{name}:");
            for e in t {
                entry(&mut out, "  ", "  ", e);
            }
        }
        for (name, tables) in &self.lists {
            let _ = writeln!(out, "{name}:");
            for t in tables {
                for (i, e) in t.iter().enumerate() {
                    entry(&mut out, if i == 0 { "  - " } else { "    " }, "    ", e);
                }
            }
        }
        out.push_str("---\n");
        out
    }
}

fn s(text: impl Into<String>) -> V {
    V::Str(text.into())
}

/// A month counted from year 0 as a date: "YYYY-MM", or "YYYY" for people who write years only.
fn month_date(month: u32, year_only: bool) -> String {
    if year_only {
        format!("{}", month / 12)
    } else {
        format!("{}-{:02}", month / 12, month % 12 + 1)
    }
}

struct Generator {
    rng: Rng,
    /// Whether each person has a photo (`--photos`): their profile is then a folder.
    photo: Vec<bool>,
    employers: Vec<Employer>,
    employer_pop: Zipf,
    skills: Vec<String>,
    skill_pop: Zipf,
    talks: Vec<Talk>,
    talk_keys: HashSet<String>,
    /// Talks with one speaker so far that a later person may join.
    open_talks: Vec<usize>,
    slugs: HashSet<String>,
}

impl Generator {
    fn new(n: usize, seed: u64) -> Generator {
        let mut rng = Rng::with_seed(seed);
        // Employers: N/10 distinct names from PRE+mid SUF.
        let n_employers = (n / 10).max(10);
        let combos = EMP_PRE.len() * EMP_MID.len() * EMP_SUF.len();
        let mut codes: Vec<usize> = (0..combos).collect();
        rng.shuffle(&mut codes);
        let mut employers = Vec::with_capacity(n_employers);
        for k in 0..n_employers {
            let c = codes[k % combos];
            let (pre, mid, suf) = (
                EMP_PRE[c / (EMP_MID.len() * EMP_SUF.len())],
                EMP_MID[c / EMP_SUF.len() % EMP_MID.len()],
                EMP_SUF[c % EMP_SUF.len()],
            );
            let round = k / combos; // only past 12,000 employers
            let name = match round {
                0 => format!("{pre}{mid} {suf}"),
                _ => format!("{pre}{mid} {suf} {}", round + 1),
            };
            let file = rng.f32() < 0.2;
            employers.push(Employer {
                name,
                file,
                alias: None,
                roles: 0,
            });
        }
        // An employer with a file claims its short name ("Novatek" for "Novatek
        // Systems") as an alias when no other employer shares it.
        let mut short_count: BTreeMap<String, usize> = BTreeMap::new();
        for e in &employers {
            *short_count.entry(short_name(&e.name)).or_default() += 1;
        }
        for e in &mut employers {
            let short = short_name(&e.name);
            if e.file && short_count[&short] == 1 {
                e.alias = Some(short);
            }
        }

        // Skills: N/20, the real names first, then qualified ones ("Kafka Operations").
        let n_skills = (n / 20).max(40);
        let mut skills: Vec<String> = SKILLS.iter().map(|s| s.to_string()).collect();
        let mut extra: Vec<String> = SKILLS
            .iter()
            .flat_map(|s| QUALIFIERS.iter().map(move |q| format!("{s} {q}")))
            .collect();
        rng.shuffle(&mut extra);
        skills.extend(extra);
        skills.truncate(n_skills);
        let mut seen = HashSet::new();
        assert!(skills.iter().all(|s| seen.insert(slugify(s))));

        Generator {
            rng,
            photo: Vec::new(),
            employer_pop: Zipf::new(employers.len(), 0.6),
            employers,
            skill_pop: Zipf::new(skills.len(), 0.9),
            skills,
            talks: Vec::new(),
            talk_keys: HashSet::new(),
            open_talks: Vec::new(),
            slugs: HashSet::new(),
        }
    }

    /// A skill as this person writes it: sometimes an alias of site.toml.
    fn spelled(&mut self, skill: &str) -> String {
        match SKILL_ALIASES.iter().find(|(_, to)| *to == skill) {
            Some((from, _)) if self.rng.f32() < 0.15 => from.to_string(),
            _ => skill.to_string(),
        }
    }

    fn unique_name(&mut self, index: usize) -> (String, &'static str) {
        let rng = &mut self.rng;
        let (first, last) = (pick(rng, FIRST), pick(rng, LAST));
        let mut name = format!("{first} {last}");
        let mut tries = 0;
        while self.slugs.contains(&slugify(&name)) {
            tries += 1;
            name = match tries {
                1..=40 => {
                    let initial = char::from(b'A' + rng.u8(..26));
                    format!("{first} {initial}. {last}")
                }
                41..=80 => format!("{first} {last}-{}", pick(rng, LAST)),
                _ => format!("{first} {last} {index}"),
            };
        }
        self.slugs.insert(slugify(&name));
        (name, first)
    }

    /// One person; `people` are the ones written before (a bio may link to one).
    fn person(&mut self, index: usize, people: &[Person]) -> Person {
        let (name, first) = self.unique_name(index);
        let slug = slugify(&name);
        let rng = &mut self.rng;
        let folder = rng.f32() < 0.05 || self.photo.get(index) == Some(&true);
        let path = match folder {
            true => format!("people/{slug}/index.md"),
            false => format!("people/{slug}.md"),
        };
        let yaml = rng.f32() < 0.3;
        let city = pick(rng, CITIES);
        let k = rng.usize(8..=15);
        let skills: Vec<String> = (self.skill_pop.distinct(rng, k).into_iter())
            .map(|i| self.skills[i].clone())
            .collect();
        let (roles, career_start) = self.roles(city, &skills);
        let talks = self.talks(index);
        let bio = self.bio(&name, first, city, &roles[0], &skills, people);

        let mut front = Doc::default();
        front.fields.push(("name", s(&name)));
        front.fields.push(("headline", s(&roles[0].title)));
        front.fields.push(("location", s(city)));
        if self.rng.f32() < 0.4 {
            front
                .fields
                .push(("email", s(format!("{slug}@example.com"))));
        }
        if self.rng.f32() < 0.5 {
            let employer = &self.employers[roles[0].employer].name;
            let work = &pick(&mut self.rng, NOUNS)[4..]; // without "the "
            let summary = format!("{} at {employer}, working on {work}.", roles[0].title);
            front.fields.push(("summary", s(summary)));
        }
        let mut skill_names: Vec<String> = skills.iter().map(|k| self.spelled(k)).collect();
        if self.rng.f32() < 0.15 {
            let familiar = skill_names.split_off(skill_names.len() / 2);
            let groups = vec![
                ("primary", V::List(skill_names)),
                ("familiar", V::List(familiar)),
            ];
            front.maps.push(("skills", groups));
        } else {
            front.fields.push(("skills", V::List(skill_names)));
        }
        front
            .lists
            .push(("spoken_languages", self.spoken_languages()));
        front.maps.push(("links", self.links(&slug)));
        let experience = roles.into_iter().map(|r| self.role_table(r)).collect();
        front.lists.push(("experience", experience));
        // `talks` go here at the end, when every talk's speakers are known.
        front
            .lists
            .push(("education", self.education(career_start)));
        if self.rng.f32() < 0.3 {
            front
                .lists
                .push(("projects", self.projects(&slug, career_start)));
        }
        if self.rng.f32() < 0.25 {
            front.lists.push(("writing", self.writing(&slug)));
        }
        Person {
            name,
            path,
            yaml,
            front,
            talks,
            bio,
        }
    }

    /// 3–5 roles, newest first, going back from now (sometimes a promotion at one
    /// employer), and the year the career started.
    fn roles(&mut self, city: &'static str, skills: &[String]) -> (Vec<Role>, u32) {
        let rng = &mut self.rng;
        let year_only = rng.f32() < 0.2; // writes "2019", not "2019-04"
        let track = pick(rng, TRACKS);
        let mut level = rng.usize(1..LEVELS.len());
        let mut cursor = NOW_MONTH - if rng.f32() < 0.75 { 0 } else { rng.u32(2..18) };
        let mut roles: Vec<Role> = Vec::new();
        for j in 0..rng.usize(3..=5) {
            let ongoing = j == 0 && cursor == NOW_MONTH;
            let end_month = cursor - if j == 0 { 0 } else { rng.u32(0..6) };
            let mut start_month = end_month - rng.u32(8..60);
            if year_only {
                // Whole years, so "2019" to "2021" never ends before it starts.
                start_month = (start_month / 12).min(end_month / 12 - 1) * 12;
            }
            let same = j > 0 && rng.f32() < 0.25;
            let employer = match (same, roles.last()) {
                (true, Some(newer)) => newer.employer,
                _ => self.employer_pop.sample(rng),
            };
            self.employers[employer].roles += 1;
            let title = match level == 1 && j == 0 && rng.f32() < 0.1 {
                true => "Engineering Manager".to_string(),
                false => format!("{}{track}", LEVELS[level]),
            };
            let n_tech = rng.usize(2..=5);
            let mut technologies: Vec<String> = Vec::new();
            while technologies.len() < n_tech {
                let t = match rng.f32() < 0.7 {
                    true => &skills[rng.usize(..skills.len())],
                    false => &self.skills[self.skill_pop.sample(rng)],
                };
                if !technologies.contains(t) {
                    technologies.push(t.clone());
                }
            }
            let highlights = (0..rng.usize(2..=4))
                .map(|_| {
                    let (verb, noun, result) =
                        (pick(rng, VERBS), pick(rng, NOUNS), pick(rng, RESULTS));
                    match rng.usize(..4) {
                        0 => {
                            let tech = &technologies[rng.usize(..technologies.len())];
                            format!("- {verb} {noun} with {tech}, **{result}**.\n")
                        }
                        1 => {
                            let (a, b, teams) = (pick(rng, WORDS), pick(rng, WORDS), rng.u8(3..40));
                            format!("- Wrote the `{a}-{b}` tool that {teams} teams now use.\n")
                        }
                        _ => format!("- {verb} {noun}, {result}.\n"),
                    }
                })
                .collect();
            let location = match rng.u8(..10) {
                0..6 => city,
                6..9 => "Remote",
                _ => pick(rng, CITIES),
            };
            roles.push(Role {
                employer,
                title,
                start: month_date(start_month, year_only),
                end: (!ongoing).then(|| month_date(end_month, year_only)),
                location: location.to_string(),
                team: pick(rng, TEAMS),
                technologies,
                highlights,
            });
            if !same || rng.f32() < 0.5 {
                level = level.saturating_sub(rng.usize(0..=1));
            }
            cursor = start_month;
        }
        (roles, cursor / 12)
    }

    /// 0–3 talks; about one in five joins a recent talk that has one speaker so far.
    fn talks(&mut self, speaker: usize) -> Vec<usize> {
        let rng = &mut self.rng;
        let n_talks = match rng.u8(..100) {
            0..35 => 0,
            35..70 => 1,
            70..90 => 2,
            _ => 3,
        };
        let mut talks = Vec::new();
        for _ in 0..n_talks {
            let recent = &self.open_talks[self.open_talks.len().saturating_sub(50)..];
            if !recent.is_empty() && rng.f32() < 0.2 {
                let t = recent[rng.usize(..recent.len())];
                self.open_talks.retain(|&o| o != t);
                self.talks[t].speakers.push(speaker);
                talks.push(t);
                continue;
            }
            // A new talk, its title unique within its year (one title and year is one talk page).
            // There are 21,840 titles and years: past about 25,000 people most are taken, and
            // after 40 tries a title is given a part number (no site of 10,000 gets there).
            let mut tries = 0u32;
            let (title, year, key) = loop {
                let (adj, topic, sub) = (
                    pick(rng, TALK_ADJ),
                    pick(rng, TALK_TOPICS),
                    pick(rng, TALK_SUBS),
                );
                tries += 1;
                let title = match tries {
                    ..=40 => format!("{adj} {topic}: {sub}"),
                    _ => format!("{adj} {topic}: {sub}, part {}", rng.u32(2..=9999)),
                };
                let year = rng.u32(2012..=2024);
                let key = format!("{year}-{}", slugify(&title));
                if self.talk_keys.insert(key.clone()) {
                    break (title, year, key);
                }
            };
            let topic = title.split(": ").next().unwrap_or_default().to_lowercase();
            let (good, bad) = (pick(rng, WORDS), pick(rng, WORDS));
            let (a, b) = (pick(rng, NOUNS), pick(rng, NOUNS));
            let abstract_ = format!(
                "A look at {topic} from the inside: the {good} that worked, the {bad} that did \
                 not, and how we measured both.\n\nWe cover {a} and {b}, with numbers from production.\n"
            );
            let url = format!("https://talks.example.org/{key}/");
            let month = rng.u8(1..=12);
            self.talks.push(Talk {
                title,
                event: format!("{} {year}", pick(rng, EVENTS)),
                date: match rng.f32() < 0.5 {
                    true => format!("{year}-{month:02}"),
                    false => format!("{year}-{month:02}-{:02}", rng.u8(1..=28)),
                },
                location: pick(rng, CITIES),
                slides: (rng.f32() < 0.4).then(|| format!("{url}slides.pdf")),
                video: (rng.f32() < 0.3).then(|| format!("https://video.example.org/{key}")),
                url,
                abstract_,
                speakers: vec![speaker],
            });
            self.open_talks.push(self.talks.len() - 1);
            talks.push(self.talks.len() - 1);
        }
        talks
    }

    /// About 250 words in three paragraphs with a fenced code block after the second,
    /// sometimes a heading and a link to a colleague's page.
    fn bio(
        &mut self,
        name: &str,
        first: &str,
        city: &str,
        current: &Role,
        skills: &[String],
        people: &[Person],
    ) -> String {
        let rng = &mut self.rng;
        let (lang, code) = CODE[rng.usize(..CODE.len())];
        let lang_name = match lang {
            "rust" => "Rust",
            "go" => "Go",
            "python" => "Python",
            "sql" => "SQL",
            _ => "YAML",
        };
        let title = current.title.to_lowercase();
        let verb = pick(rng, VERBS).to_lowercase();
        let vars = [
            ("name", name),
            ("first", first),
            ("title", &title),
            ("city", city),
            ("noun", pick(rng, NOUNS)),
            ("result", pick(rng, RESULTS)),
            ("verb", &verb),
            ("s1", &skills[0]),
            ("s2", &skills[1]),
            ("lang", lang_name),
            ("employer", &self.employers[current.employer].name),
        ];
        // The first sentence introduces the person; the others come in any order.
        let mut order: Vec<usize> = (1..SENTENCES.len()).collect();
        rng.shuffle(&mut order);
        order.insert(0, 0);
        let intro = fill(rng, SNIPPET_INTRO, &vars);
        let mut words = intro.split_whitespace().count();
        let mut sentences = Vec::new();
        for &i in order.iter().cycle() {
            if words >= 230 {
                break;
            }
            let sentence = fill(rng, SENTENCES[i], &vars);
            words += sentence.split_whitespace().count();
            sentences.push(sentence);
        }
        if !people.is_empty() && rng.f32() < 0.3 {
            let other = &people[rng.usize(..people.len())];
            let (other, path) = (&other.name, &other.path);
            sentences.push(format!(
                "These days {first} often pairs with [{other}](@/{path})."
            ));
        }
        let (fn_snake, fn_camel) = FUNCS[rng.usize(..FUNCS.len())];
        let code = code
            .replace("%w", pick(rng, WORDS))
            .replace("%f", fn_snake)
            .replace("%F", fn_camel)
            .replace("%n", &rng.u8(3..20).to_string());
        let heading = match rng.f32() < 0.2 {
            true => "## Outside work\n\n",
            false => "",
        };
        let third = sentences.len() / 3;
        let (one, two, three) = (
            sentences[..third].join(" "),
            sentences[third..2 * third].join(" "),
            sentences[2 * third..].join(" "),
        );
        format!("{one}\n\n{two} {intro}\n\n```{lang}\n{code}\n```\n\n{heading}{three}\n")
    }

    /// A native language and up to two more.
    fn spoken_languages(&mut self) -> Vec<Table> {
        let rng = &mut self.rng;
        let native = pick(rng, LANGUAGES);
        let mut spoken = vec![vec![("name", s(native)), ("level", s("Native"))]];
        let mut seen = vec![native];
        for _ in 0..rng.usize(0..=2) {
            let language = pick(rng, LANGUAGES);
            if !seen.contains(&language) {
                seen.push(language);
                let level = pick(rng, LANGUAGE_LEVELS);
                spoken.push(vec![("name", s(language)), ("level", s(level))]);
            }
        }
        spoken
    }

    fn links(&mut self, slug: &str) -> Table {
        let rng = &mut self.rng;
        let mut links = vec![("github", s(format!("https://github.com/{slug}")))];
        if rng.f32() < 0.5 {
            links.push(("website", s(format!("https://{slug}.example.com/"))));
        }
        if rng.f32() < 0.5 {
            links.push(("linkedin", s(format!("https://www.linkedin.com/in/{slug}"))));
        }
        if rng.f32() < 0.15 {
            links.push(("mastodon", s(format!("https://hachyderm.io/@{slug}"))));
        }
        links
    }

    /// A role as the profile writes it: the employer sometimes by its alias,
    /// skills sometimes by a spelling of site.toml's `[skill_aliases]`.
    fn role_table(&mut self, role: Role) -> Table {
        let employer = &self.employers[role.employer];
        let written = match &employer.alias {
            Some(alias) if self.rng.f32() < 0.3 => alias.clone(),
            _ => employer.name.clone(),
        };
        let technologies = role.technologies.iter().map(|t| self.spelled(t)).collect();
        let mut t: Table = vec![
            ("employer", s(written)),
            ("title", s(role.title)),
            ("start", s(role.start)),
        ];
        if let Some(end) = role.end {
            t.push(("end", s(end)));
        }
        t.push(("location", s(role.location)));
        t.push(("team", s(role.team)));
        t.push(("technologies", V::List(technologies)));
        t.push(("highlights", V::Text(role.highlights)));
        t
    }

    /// One degree (sometimes two) ending when the career starts.
    fn education(&mut self, career_start: u32) -> Vec<Table> {
        let rng = &mut self.rng;
        let mut education = Vec::new();
        let mut year = career_start;
        for _ in 0..if rng.f32() < 0.2 { 2 } else { 1 } {
            let (institution, location) = UNIS[rng.usize(..UNIS.len())];
            let length = rng.u32(2..=5);
            education.push(vec![
                ("institution", s(institution)),
                ("degree", s(pick(rng, DEGREES))),
                ("field", s(pick(rng, FIELDS))),
                ("start", s((year - length).to_string())),
                ("end", s(year.to_string())),
                ("location", s(location)),
            ]);
            year -= length;
        }
        education.reverse();
        education
    }

    fn projects(&mut self, slug: &str, career_start: u32) -> Vec<Table> {
        let rng = &mut self.rng;
        (0..rng.usize(1..=2))
            .map(|_| {
                let project = format!("{}-{}", pick(rng, WORDS), pick(rng, WORDS));
                let (a, b) = (pick(rng, WORDS), pick(rng, WORDS));
                vec![
                    ("name", s(&project)),
                    ("url", s(format!("https://github.com/{slug}/{project}"))),
                    (
                        "role",
                        s(pick(rng, &["Author", "Maintainer", "Contributor"])),
                    ),
                    ("start", s(rng.u32(career_start..=2024).to_string())),
                    (
                        "description",
                        V::Text(format!("A small tool for {a} {b}s, used by a few teams.\n")),
                    ),
                ]
            })
            .collect()
    }

    fn writing(&mut self, slug: &str) -> Vec<Table> {
        let rng = &mut self.rng;
        (0..rng.usize(1..=3))
            .map(|k| {
                let title = format!("Notes on {} {}", pick(rng, WORDS), pick(rng, WORDS));
                let url = format!("https://{slug}.example.com/posts/{k}-{}/", slugify(&title));
                let date = format!("{}-{:02}", rng.u32(2015..=2025), rng.u8(1..=5));
                vec![
                    ("title", s(title)),
                    ("url", s(url)),
                    ("date", s(date)),
                    ("publisher", s(format!("{slug}.example.com"))),
                ]
            })
            .collect()
    }
}

/// "Novatek" for "Novatek Systems".
fn short_name(name: &str) -> String {
    name.split(' ').next().unwrap_or(name).to_string()
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.people == 0 {
        bail!("--people must be at least 1");
    }
    let mut g = Generator::new(args.people, args.seed);
    let mut photos = Rng::with_seed(args.seed ^ 0xf070);
    g.photo = (0..args.people)
        .map(|_| photos.f32() < args.photos)
        .collect();
    let mut people: Vec<Person> = Vec::with_capacity(args.people);
    for i in 0..args.people {
        let p = g.person(i, &people);
        people.push(p);
    }

    // Talks, now that every speaker is known: each entry names the other speakers.
    for p in 0..people.len() {
        let entries = people[p]
            .talks
            .iter()
            .map(|&t| {
                let talk = &g.talks[t];
                let mut e: Table = vec![
                    ("title", s(&talk.title)),
                    ("event", s(&talk.event)),
                    ("date", s(&talk.date)),
                    ("location", s(talk.location)),
                    ("url", s(&talk.url)),
                ];
                if let Some(slides) = &talk.slides {
                    e.push(("slides", s(slides)));
                }
                if let Some(video) = &talk.video {
                    e.push(("video", s(video)));
                }
                let with: Vec<String> = talk
                    .speakers
                    .iter()
                    .filter(|&&o| o != p)
                    .map(|&o| people[o].name.clone())
                    .collect();
                if !with.is_empty() {
                    e.push(("with", V::List(with)));
                }
                e.push(("abstract", V::Text(talk.abstract_.clone())));
                e
            })
            .collect::<Vec<_>>();
        if !entries.is_empty() {
            // After experience, before education: the order the README lists them.
            let at = people[p]
                .front
                .lists
                .iter()
                .position(|(k, _)| *k == "education");
            let at = at.unwrap_or(people[p].front.lists.len());
            people[p].front.lists.insert(at, ("talks", entries));
        }
    }

    let out = &args.out;
    prepare(out)?;
    fs::write(
        out.join(MARKER),
        "written by benches/gen-site.rs; safe to delete\n",
    )?;
    let mut site = format!(
        "# A synthetic site written by benches/gen-site.rs (--people {} --seed {}).\n\
         title = \"Engineers\"\n\
         base_url = \"https://example.github.io/engineers/\"\n\
         description = \"{} engineers: their roles, talks and skills.\"\n\
         language = \"en\"\n\n[skill_aliases]\n",
        args.people, args.seed, args.people
    );
    for (from, to) in SKILL_ALIASES {
        let _ = writeln!(site, "{} = {}", q(from), q(to));
    }
    fs::write(out.join("site.toml"), site)?;

    let content = out.join("content");
    write(
        &content.join("index.md"),
        "+++\ntitle = \"Engineers\"\n+++\nEvery engineer, every employer, talk and skill, \
         generated for benchmarks.\n",
    )?;
    let mut with_photo = 0;
    for (i, p) in people.iter_mut().enumerate() {
        if g.photo[i] {
            with_photo += 1;
            p.front.fields.push(("avatar", s("photo.jpg")));
            let folder = content.join(&p.path);
            let folder = folder.parent().expect("a profile's folder");
            fs::create_dir_all(folder)?;
            fs::write(folder.join("photo.jpg"), photo(&mut photos))?;
        }
        let front = match p.yaml {
            true => p.front.yaml(),
            false => p.front.toml(),
        };
        write(&content.join(&p.path), &format!("{front}{}", p.bio))?;
    }

    // Employer files, for the employers chosen to have one that anyone worked at.
    let mut rng = Rng::with_seed(args.seed ^ 0x5eed);
    let mut files = 0;
    for e in g.employers.iter().filter(|e| e.file && e.roles > 0) {
        files += 1;
        let slug = slugify(&e.name);
        let mut doc = Doc::default();
        doc.fields.push(("name", s(&e.name)));
        if let Some(alias) = &e.alias {
            doc.fields.push(("aliases", V::List(vec![alias.clone()])));
        }
        doc.fields
            .push(("website", s(format!("https://{slug}.example.com/"))));
        let body = format!(
            "{} builds {} software for {} customers. It was founded in {} in {}.\n",
            e.name,
            pick(&mut rng, WORDS),
            rng.u32(10..5000),
            rng.u32(1990..=2020),
            pick(&mut rng, CITIES)
        );
        let front = match rng.f32() < 0.3 {
            true => doc.yaml(),
            false => doc.toml(),
        };
        write(
            &content.join(format!("employers/{slug}.md")),
            &format!("{front}{body}"),
        )?;
    }
    let shared = g.talks.iter().filter(|t| t.speakers.len() > 1).count();
    let employers = g.employers.iter().filter(|e| e.roles > 0).count();
    println!(
        "wrote {}: {} people ({} YAML, {} with a photo), {} employers ({} with a file), {} talks ({} shared), {} skills in the pool",
        out.display(),
        people.len(),
        people.iter().filter(|p| p.yaml).count(),
        with_photo,
        employers,
        files,
        g.talks.len(),
        shared,
        g.skills.len()
    );
    Ok(())
}

/// Makes `out` ready: missing or empty, or written by this program before (its content/ removed).
fn prepare(out: &Path) -> Result<()> {
    if out.exists() {
        let empty = fs::read_dir(out)
            .with_context(|| format!("reading {}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            bail!(
                "{} is not empty and was not written by gen-site; choose another --out",
                out.display()
            );
        }
        let content = out.join("content");
        if content.exists() {
            fs::remove_dir_all(&content)
                .with_context(|| format!("removing {}", content.display()))?;
        }
    }
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))
}

/// A 1200×1600 JPEG that weighs what a portrait does, before and after folio resizes it,
/// different for each person: about 550 KB, its five avatar files 45 KB and its card
/// 57 KB (a real portrait, scikit-image's `astronaut`, gave 40 KB and 58 KB). A camera's
/// grain alone would not do: resizing averages it away and the avatars came out flat, a
/// tenth of a real photo's bytes. So the picture has detail at every scale a resized
/// avatar keeps (value noise with wavelengths from 200 down to 6 source pixels, a face,
/// shoulders), and the grain on top.
fn photo(rng: &mut Rng) -> Vec<u8> {
    const W: u32 = 1200;
    const H: u32 = 1600;
    // The noise is summed on a grid four times coarser than the picture, then read back
    // bilinearly: a photo in about 30 ms.
    const STEP: u32 = 4;
    let (gw, gh) = (W / STEP + 1, H / STEP + 1);
    let mut field = vec![0f32; (gw * gh) as usize];
    let mut amplitude = 1.0;
    for wavelength in [200u32, 100, 50, 25, 12, 6] {
        let cells = wavelength as f32 / STEP as f32;
        let knots: Vec<f32> = (0..(W / wavelength + 2) as usize * (H / wavelength + 2) as usize)
            .map(|_| rng.f32() - 0.5)
            .collect();
        let kw = (W / wavelength + 2) as usize;
        for gy in 0..gh {
            for gx in 0..gw {
                let (fx, fy) = (gx as f32 / cells, gy as f32 / cells);
                let (x0, y0) = (fx as usize, fy as usize);
                let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
                let k = |x: usize, y: usize| knots[y * kw + x];
                let top = k(x0, y0) * (1.0 - tx) + k(x0 + 1, y0) * tx;
                let bottom = k(x0, y0 + 1) * (1.0 - tx) + k(x0 + 1, y0 + 1) * tx;
                field[(gy * gw + gx) as usize] += amplitude * (top * (1.0 - ty) + bottom * ty);
            }
        }
        amplitude *= 0.85;
    }
    let noise = |x: u32, y: u32| -> f32 {
        let (gx, gy) = (x / STEP, y / STEP);
        let (tx, ty) = (
            (x % STEP) as f32 / STEP as f32,
            (y % STEP) as f32 / STEP as f32,
        );
        let f = |x: u32, y: u32| field[(y.min(gh - 1) * gw + x.min(gw - 1)) as usize];
        let top = f(gx, gy) * (1.0 - tx) + f(gx + 1, gy) * tx;
        let bottom = f(gx, gy + 1) * (1.0 - tx) + f(gx + 1, gy + 1) * tx;
        top * (1.0 - ty) + bottom * ty
    };
    let background = [rng.u8(40..200), rng.u8(40..200), rng.u8(40..200)];
    let clothes = [rng.u8(20..220), rng.u8(20..220), rng.u8(20..220)];
    let skin = [rng.u8(150..235), rng.u8(100..180), rng.u8(70..140)];
    let mut seed = rng.u32(1..);
    let img = image::RgbImage::from_fn(W, H, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed >> 28) as f32 - 8.0;
        let (dx, dy) = (x as f32 - 600.0, y as f32 - 620.0);
        let face = (dx / 300.0).powi(2) + (dy / 380.0).powi(2) < 1.0;
        let shoulders = y > 1050 && (x as f32 - 600.0).abs() < 300.0 + (y as f32 - 1050.0) * 0.9;
        let (base, depth) = match (face, shoulders) {
            (true, _) => (skin, 60.0),
            (_, true) => (clothes, 110.0),
            _ => (background, 160.0),
        };
        let shade = noise(x, y) * depth + grain;
        let c = |v: u8| (v as f32 + shade).clamp(0.0, 255.0) as u8;
        image::Rgb([c(base[0]), c(base[1]), c(base[2])])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("a JPEG in memory");
    out
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
