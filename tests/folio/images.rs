//! Pictures (issue 20): avatars processed into small WebP and JPEG files, EXIF orientation
//! honoured and EXIF (GPS) not published, bad pictures located, the cache, social cards of
//! 1200×630 for every page kind, the favicon set and link icons. Every picture is made
//! here, by the test.

use std::path::{Path, PathBuf};

use crate::support::*;

/// An EXIF block (APP1) with Orientation 6 (turn 90° clockwise to show) and GPS
/// coordinates (48°51'24.12"N 2°17'40.12"E).
fn exif_with_gps() -> Vec<u8> {
    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, n: u32, v: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(n.to_be_bytes());
        t.extend(v);
    };
    t.extend(2u16.to_be_bytes());
    entry(&mut t, 0x0112, 3, 1, [0, 6, 0, 0]);
    entry(&mut t, 0x8825, 4, 1, 38u32.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    t.extend(4u16.to_be_bytes());
    entry(&mut t, 1, 2, 2, *b"N\0\0\0");
    entry(&mut t, 2, 5, 3, 92u32.to_be_bytes());
    entry(&mut t, 3, 2, 2, *b"E\0\0\0");
    entry(&mut t, 4, 5, 3, 116u32.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    for (num, den) in GPS {
        t.extend(num.to_be_bytes());
        t.extend(den.to_be_bytes());
    }
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((t.len() + 8) as u16).to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(t);
    segment
}

/// The GPS rationals written above, which no published file may contain.
const GPS: [(u32, u32); 6] = [(48, 1), (51, 1), (2412, 100), (2, 1), (17, 1), (4012, 100)];

/// A 1200×1600 photo as shown (red above, blue below, with grain so it weighs what a
/// photo weighs), stored turned a quarter to the left with EXIF Orientation 6 and GPS.
fn portrait_photo() -> Vec<u8> {
    let mut seed: u32 = 12345;
    let shown = image::RgbImage::from_fn(1200, 1600, |_, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed >> 26) as u8;
        match y < 800 {
            true => image::Rgb([200 + grain / 2, 30 + grain, 30 + grain]),
            false => image::Rgb([30 + grain, 30 + grain, 200 + grain / 2]),
        }
    });
    let stored = image::imageops::rotate270(&shown);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&stored)
        .unwrap();
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend(exif_with_gps());
    with_exif.extend(&jpeg[2..]);
    with_exif
}

/// A 300×300 PNG whose corners are transparent (a disc on nothing).
fn png_with_alpha() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(300, 300, |x, y| {
        let (dx, dy) = (x as i32 - 150, y as i32 - 150);
        match dx * dx + dy * dy < 140 * 140 {
            true => image::Rgba([20, 160, 120, 255]),
            false => image::Rgba([0, 0, 0, 0]),
        }
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn webp_picture() -> Vec<u8> {
    let img = image::RgbImage::from_fn(200, 160, |x, y| image::Rgb([x as u8, y as u8, 99]));
    let mut out = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut out),
        image::ImageFormat::WebP,
    )
    .unwrap();
    out
}

/// The site.toml lines that give each person's page a card of its own.
const PERSON_CARDS: &str = "[cards]\npages = [\"person\"]\n";

/// A site with one folder profile per (slug, avatar file name, bytes), each with a talk
/// and a role, and `extra` added to site.toml.
fn site_with(people: &[(&str, &str, Vec<u8>)], extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        format!("title = \"Team\"\nbase_url = \"https://team.example.org/\"\n{extra}"),
    )
    .unwrap();
    for (slug, file, bytes) in people {
        let folder = root.join("content/people").join(slug);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(file), bytes).unwrap();
        std::fs::write(
            folder.join("index.md"),
            format!(
                "+++\nname = \"{slug} Person\"\nheadline = \"Engineer\"\navatar = \"{file}\"\nskills = [\"Rust\"]\n\n[links]\ngithub = \"https://github.com/{slug}\"\nwebsite = \"https://{slug}.example.org/\"\n\n[[experience]]\nemployer = \"Acme\"\ntitle = \"Engineer\"\nstart = \"2020\"\n\n[[talks]]\ntitle = \"Talk by {slug}\"\nevent = \"RustConf\"\ndate = \"2024-09\"\n+++\nBio of {slug}.\n"
            ),
        )
        .unwrap();
    }
    dir
}

/// Every file under `out` whose name starts with `avatar-`, by name.
fn avatar_files(out: &Path, slug: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out.join("people").join(slug))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("avatar-"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_large_photo_becomes_small_upright_files_without_its_exif() {
    let site = site_with(&[("ada", "photo.jpg", portrait_photo())], "");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let files = avatar_files(&out, "ada");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for suffix in ["-64.webp", "-128.webp", "-256.webp", "-128.jpg", "-256.jpg"] {
        assert!(
            names.iter().any(|n| n.ends_with(suffix)),
            "no {suffix} in {names:?}"
        );
    }
    for (name, bytes) in &files {
        assert!(bytes.len() <= 60 * 1024, "{name} is {} bytes", bytes.len());
        let decoded = image::load_from_memory(bytes).unwrap();
        let size: u32 = name
            .rsplit('-')
            .next()
            .unwrap()
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!((decoded.width(), decoded.height()), (size, size), "{name}");
        // Upright: the photo's red top is at the top, its blue bottom at the bottom.
        let rgb = decoded.to_rgb8();
        let top = rgb.get_pixel(size / 2, size / 8);
        let bottom = rgb.get_pixel(size / 2, size - size / 8);
        assert!(top[0] > 150 && top[2] < 100, "{name}: top is {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{name}: bottom is {bottom:?}"
        );
    }
    // The original, with its EXIF, is not published; nothing published holds the GPS.
    assert!(!out.join("people/ada/photo.jpg").exists());
    let gps: Vec<u8> = GPS[2]
        .0
        .to_be_bytes()
        .into_iter()
        .chain(GPS[2].1.to_be_bytes())
        .collect();
    for (path, bytes) in tree(&out) {
        assert!(
            !contains(&bytes, b"Exif\0\0"),
            "{} has EXIF",
            path.display()
        );
        assert!(!contains(&bytes, &gps), "{} has the GPS", path.display());
    }
    // The profile shows a <picture> of WebP at 1x and 2x with a JPEG fallback, sized.
    let html = page(&out, "people/ada/index.html");
    let sources = select(&html, ".profile-header picture source[type='image/webp']");
    assert_eq!(sources.len(), 1);
    let srcset = sources[0].value().attr("srcset").unwrap();
    assert!(
        srcset.contains("-128.webp 1x") && srcset.contains("-256.webp 2x"),
        "{srcset}"
    );
    let img = select(&html, ".profile-header picture img");
    assert_eq!(img[0].value().attr("width"), Some("128"));
    assert_eq!(img[0].value().attr("height"), Some("128"));
    assert!(img[0].value().attr("src").unwrap().ends_with("-128.jpg"));
    for url in [
        srcset.split(' ').next().unwrap(),
        img[0].value().attr("src").unwrap(),
    ] {
        assert!(
            target_of(&out, "/", url).is_some(),
            "{url} is not in the output"
        );
    }
    // Cards below the fold load lazily, at 64 px.
    let home = page(&out, "index.html");
    let card = select(&home, ".person-card picture img");
    assert_eq!(card[0].value().attr("width"), Some("64"));
    assert_eq!(card[0].value().attr("loading"), Some("lazy"));
    let card_source = select(&home, ".person-card picture source")[0]
        .value()
        .attr("srcset")
        .unwrap();
    assert!(card_source.contains("-64.webp 1x") && card_source.contains("-128.webp 2x"));
    // Other programs get the processed JPEG, absolute.
    let resume: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("people/ada/resume.json")).unwrap())
            .unwrap();
    let image = resume["basics"]["image"].as_str().unwrap();
    assert!(
        image.starts_with("https://team.example.org/people/ada/avatar-")
            && image.ends_with("-256.jpg"),
        "{image}"
    );
}

#[test]
fn a_png_keeps_its_transparency_and_a_webp_is_processed_too() {
    let site = site_with(
        &[
            ("bo", "disc.png", png_with_alpha()),
            ("cy", "face.webp", webp_picture()),
        ],
        "",
    );
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let bo = avatar_files(&out, "bo");
    let (_, webp) = bo.iter().find(|(n, _)| n.ends_with("-128.webp")).unwrap();
    let decoded = image::load_from_memory(webp).unwrap().to_rgba8();
    assert_eq!(decoded.get_pixel(0, 0)[3], 0, "the corner is transparent");
    assert_eq!(decoded.get_pixel(64, 64)[3], 255);
    // The JPEG fallback lays it on white, not black.
    let (_, jpeg) = bo.iter().find(|(n, _)| n.ends_with("-128.jpg")).unwrap();
    let corner = image::load_from_memory(jpeg)
        .unwrap()
        .to_rgb8()
        .get_pixel(0, 0)
        .0;
    assert!(corner.iter().all(|&c| c > 230), "{corner:?}");
    let cy = avatar_files(&out, "cy");
    // A 160-pixel picture is not blown up past its size.
    let (_, big) = cy.iter().find(|(n, _)| n.ends_with("-256.webp")).unwrap();
    assert_eq!(image::load_from_memory(big).unwrap().width(), 160);
    assert!(!out.join("people/cy/face.webp").exists());
}

/// The start of an AVIF file: a format browsers show, which folio does not process.
fn avif_header() -> Vec<u8> {
    let mut out = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".to_vec();
    out.resize(200, 0);
    out
}

/// A JPEG whose header says 65000×65000: decoding it would take 12 GB.
fn huge_header() -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .encode_image(&image::RgbImage::new(8, 8))
        .unwrap();
    let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    out[sof + 5..sof + 9].copy_from_slice(&[0xFD, 0xE8, 0xFD, 0xE8]);
    out
}

/// A 64×64 PNG with `chunk` (its type and data) before its pixels.
fn png_with_chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 64, 64);
    encoder.set_color(png::ColorType::Rgba);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_chunk(png::chunk::ChunkType(kind), data)
        .unwrap();
    writer.write_image_data(&[90; 64 * 64 * 4]).unwrap();
    writer.finish().unwrap();
    out
}

/// `png` with the size its header says changed to `width` × `height` (its CRC made again).
fn png_saying_size(mut png: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    // The signature (8 bytes), then IHDR: length, type, width, height, ..., CRC.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&png[12..29]);
    png[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    png
}

#[test]
fn bad_pictures_are_errors_at_the_avatar_and_nothing_is_written() {
    let photo = portrait_photo();
    let mut corrupt = photo.clone();
    for b in &mut corrupt[3000..9000] {
        *b = 0xFF;
    }
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            "cut",
            "photo.jpg",
            photo[..photo.len() / 2].to_vec(),
            "corrupt or cut short",
        ),
        ("bomb", "photo.jpg", huge_header(), "8000 pixels"),
        ("broken", "photo.jpg", corrupt, "corrupt or cut short"),
        ("avif", "photo.avif", avif_header(), "image/avif"),
        // Within 8000 pixels a side, but 244 MB decoded with its transparency: the
        // message said only "at most 8000 pixels a side" (an eighth hostile round).
        (
            "wide",
            "photo.png",
            png_saying_size(png_with_chunk(*b"tEXt", b"a\0b"), 7999, 7999),
            "7999×7999 pixels, 245 MB decoded; folio decodes pictures of at most 200 MB",
        ),
    ];
    for (slug, file, bytes, said) in cases {
        let site = site_with(&[(slug, file, bytes)], "");
        let out = site.path().join("public");
        let output = folio(&[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&output);
        assert!(!output.status.success(), "{slug}: {err}");
        assert!(!out.exists(), "{slug}: the build wrote its output");
        assert!(
            err.contains(&format!("people/{slug}/index.md")),
            "{slug}: {err}"
        );
        assert!(err.contains(said), "{slug}: {err}");
        // Located at the `avatar = ...` line (line 4 of the profile).
        assert!(
            err.contains(&format!("people/{slug}/index.md:4:")),
            "{slug}: {err}"
        );
    }
    // A file named but missing is an error at the same place.
    let site = site_with(&[("gone", "photo.jpg", portrait_photo())], "");
    std::fs::remove_file(site.path().join("content/people/gone/photo.jpg")).unwrap();
    let output = folio(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert!(
        !output.status.success() && err.contains("people/gone/index.md:4:"),
        "{err}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_pngs_colour_profile_is_never_inflated() {
    // An eighth hostile round: a 0.5 MB iCCP chunk inflating to 520 MB of zeros. png
    // inflates it while it reads the header; folio read that header with image's default
    // limit of 512 MB, about 1.1 GB of memory for each such avatar, on every thread at
    // once. folio keeps no colour profile: the chunk is left out unread.
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..520 {
        std::io::Write::write_all(&mut zlib, &zeros).unwrap();
    }
    let mut profile = b"icc\0\0".to_vec();
    profile.extend(zlib.finish().unwrap());
    let bomb = png_with_chunk(*b"iCCP", &profile);
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    let site = site_with(
        &[
            ("ada", "photo.png", bomb.clone()),
            ("bob", "photo.png", bomb),
        ],
        "",
    );
    let root = site.path().to_str().unwrap();
    let (code, peak_mb) = exit_and_peak_mb(&["check", "--root", root]);
    assert_eq!(code, 0, "the picture itself is fine");
    assert!(peak_mb < 400, "peak memory: {peak_mb} MB");
    // And the avatar is made.
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(!avatar_files(&out, "ada").is_empty());
}

/// The CPU time of pictures `folio build --timings` reports, in ms.
fn pictures_time(output: &std::process::Output) -> f64 {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
    let line = all
        .lines()
        .find(|l| l.trim_start().starts_with("pictures:"))
        .unwrap_or_else(|| panic!("no pictures line in {all}"));
    line.split(':')
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches("ms")
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn processed_pictures_are_cached_and_never_trusted_over_a_changed_source() {
    let site = site_with(&[("ada", "photo.jpg", portrait_photo())], "");
    let out = site.path().join("public");
    let first = build(site.path(), &out, &["--timings"]);
    let cache = site.path().join(".folio-cache");
    assert!(cache.is_dir(), "no cache");
    let before = tree(&out);
    let entries = |dir: &Path| -> Vec<(PathBuf, std::time::SystemTime, u64)> {
        use std::os::unix::fs::MetadataExt;
        tree(dir)
            .into_keys()
            .map(|p| {
                let meta = std::fs::metadata(dir.join(&p)).unwrap();
                (p, meta.modified().unwrap(), meta.ino())
            })
            .collect()
    };
    let made = entries(&cache);
    // A build from the cache makes the same bytes and makes nothing again: no entry is
    // written anew (its time and inode are the ones the first build gave it).
    std::fs::remove_dir_all(&out).unwrap();
    let second = build(site.path(), &out, &["--timings"]);
    assert_eq!(tree(&out), before);
    assert_eq!(
        entries(&cache),
        made,
        "the second build made pictures again"
    );
    // ...at a fraction of the cost (decoding the photo and drawing cards: none of it).
    let (cold, warm) = (pictures_time(&first), pictures_time(&second));
    assert!(
        warm * 4.0 < cold,
        "pictures took {cold} ms, then {warm} ms from the cache"
    );
    // A damaged entry is made again, not published.
    for (path, _) in tree(&cache) {
        let path = cache.join(path);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&path, bytes).unwrap();
    }
    std::fs::remove_dir_all(&out).unwrap();
    build(site.path(), &out, &[]);
    assert_eq!(tree(&out), before);
    // A new photo under the same name gets new files; the old ones go.
    let old: Vec<String> = avatar_files(&out, "ada")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let other = image::RgbImage::from_fn(160, 120, |x, y| image::Rgb([x as u8, 90, y as u8]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode_image(&other)
        .unwrap();
    std::fs::write(site.path().join("content/people/ada/photo.jpg"), jpeg).unwrap();
    build(site.path(), &out, &[]);
    let new: Vec<String> = avatar_files(&out, "ada")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(new.len(), old.len());
    assert!(new.iter().all(|n| !old.contains(n)), "{old:?} {new:?}");
    let (_, bytes) = &avatar_files(&out, "ada")[0];
    assert!(image::load_from_memory(bytes).unwrap().width() <= 160);
}

/// The social card a page names, checked: absolute under base_url, 1200×630 PNG.
fn card_of(out: &Path, page_path: &str) -> PathBuf {
    let html = page(out, page_path);
    let meta = |property: &str| -> String {
        let found = select(
            &html,
            &format!("meta[property='{property}'], meta[name='{property}']"),
        );
        found
            .first()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{page_path}: no {property}"))
            .to_string()
    };
    assert_eq!(meta("twitter:card"), "summary_large_image");
    assert_eq!(meta("og:image:width"), "1200");
    assert_eq!(meta("og:image:height"), "630");
    assert!(!meta("og:image:alt").is_empty());
    let url = meta("og:image");
    let rel = url
        .strip_prefix("https://team.example.org/")
        .unwrap_or_else(|| panic!("{url}"));
    let file = out.join(rel);
    let png = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1200, 630), "{url}");
    assert!(png.len() < 120 * 1024, "{url} is {} bytes", png.len());
    PathBuf::from(rel)
}

/// The cards in `folder` under `out` (`card-<10 hex digits>.png`), by name.
fn cards_in(out: &Path, folder: &str) -> Vec<PathBuf> {
    let mut cards: Vec<PathBuf> = std::fs::read_dir(out.join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("card"))
        .map(|name| {
            let hash = name
                .strip_prefix("card-")
                .and_then(|r| r.strip_suffix(".png"));
            assert!(
                hash.is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit())),
                "{folder}/{name} is not named card-<hash>.png"
            );
            Path::new(folder).join(name)
        })
        .collect();
    cards.sort();
    cards
}

/// The one card in `folder` under `out`.
fn card_in(out: &Path, folder: &str) -> PathBuf {
    let cards = cards_in(out, folder);
    assert_eq!(cards.len(), 1, "{folder}: {cards:?}");
    cards[0].clone()
}

#[test]
fn every_kind_of_page_has_a_card_of_1200_by_630() {
    let every_kind = "[cards]\npages = [\"person\", \"talk\", \"employer\", \"skill\"]\n";
    let site = site_with(
        &[
            ("ada", "photo.jpg", portrait_photo()),
            ("bo", "disc.png", png_with_alpha()),
        ],
        every_kind,
    );
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let site_card = card_in(&out, "");
    assert_eq!(card_of(&out, "index.html"), site_card);
    for folder in [
        "people/ada",
        "employers/acme",
        "skills/rust",
        "talks/2024-talk-by-ada",
    ] {
        assert_eq!(
            card_of(&out, &format!("{folder}/index.html")),
            card_in(&out, folder)
        );
    }
    assert_eq!(card_of(&out, "talks/index.html"), site_card);
    // The photo is drawn on the person's card: the disc's place holds red and blue.
    let card = image::open(out.join(card_in(&out, "people/ada")))
        .unwrap()
        .to_rgb8();
    let top = card.get_pixel(960, 170);
    let bottom = card.get_pixel(960, 380);
    assert!(top[0] > 150 && top[2] < 110, "{top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 110, "{bottom:?}");
    // Two builds (the second without a cache) write the same bytes, pictures included.
    let first = tree(&out);
    std::fs::remove_dir_all(site.path().join(".folio-cache")).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    build(site.path(), &out, &[]);
    assert_eq!(tree(&out), first);
}

#[test]
fn a_changed_card_gets_a_new_address_and_the_old_file_goes() {
    // Slack and LinkedIn keep a preview by its address: a card that changes must move.
    let site = site_with(
        &[
            ("ada", "photo.jpg", portrait_photo()),
            ("bo", "disc.png", png_with_alpha()),
        ],
        PERSON_CARDS,
    );
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let (ada, bo) = (card_in(&out, "people/ada"), card_in(&out, "people/bo"));
    edit(&site.path().join("content/people/ada/index.md"), |t| {
        t.replace(
            "headline = \"Engineer\"",
            "headline = \"Principal Engineer\"",
        )
    });
    build(site.path(), &out, &[]);
    let moved = card_in(&out, "people/ada");
    assert_ne!(
        moved, ada,
        "the card shows a new headline under its old address"
    );
    assert_eq!(card_of(&out, "people/ada/index.html"), moved);
    assert!(
        !out.join(&ada).exists(),
        "the old card is left in the output"
    );
    // A card that did not change keeps its address.
    assert_eq!(card_in(&out, "people/bo"), bo);
    assert_eq!(card_of(&out, "people/bo/index.html"), bo);
}

/// The site's card, which every page without a card of its own names, shows its counts
/// rounded past 100 (`120+ people`): exact, they gave it a new address with every person
/// added, and so a new rendering to all those pages (10,000 of them in `folio serve`).
#[test]
fn a_person_added_to_a_large_site_leaves_the_sites_card_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Team\"\nbase_url = \"https://team.example.org/\"\n[cards]\npages = []\n",
    )
    .unwrap();
    let person = |i: usize| {
        let folder = root.join(format!("content/people/p{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("index.md"),
            format!("+++\nname = \"Person {i}\"\n\n[[experience]]\nemployer = \"Acme\"\ntitle = \"Engineer\"\nstart = \"2020\"\n+++\nBio.\n"),
        )
        .unwrap();
    };
    // 121 people show as `120+`, and so do 122.
    (0..121).for_each(person);
    let out = root.join("public");
    build(root, &out, &[]);
    let (home, acme) = (
        card_of(&out, "index.html"),
        card_of(&out, "employers/acme/index.html"),
    );
    assert_eq!(home, acme, "both name the site's card");
    person(121);
    build(root, &out, &[]);
    assert!(out.join("people/p121/index.html").is_file());
    assert_eq!(card_of(&out, "index.html"), home);
    assert_eq!(card_of(&out, "employers/acme/index.html"), home);
}

/// Every file under the site's `.folio-cache/`, relative to it.
fn cache_files(site: &Path) -> Vec<PathBuf> {
    let root = site.join(".folio-cache");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&root).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

#[test]
fn a_build_removes_the_cache_entries_it_did_not_use() {
    let site = site_with(&[("ada", "photo.jpg", portrait_photo())], PERSON_CARDS);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let first = cache_files(site.path());
    assert!(!first.is_empty());
    std::fs::write(site.path().join(".folio-cache/NOTES"), "not an entry").unwrap();
    edit(&site.path().join("content/people/ada/index.md"), |t| {
        t.replace(
            "headline = \"Engineer\"",
            "headline = \"Principal Engineer\"",
        )
    });
    build(site.path(), &out, &[]);
    let second = cache_files(site.path());
    // The card drawn for the old headline is gone, its successor is there; the photo's
    // files, still used, and a file that is no entry stay.
    let gone: Vec<_> = first.iter().filter(|f| !second.contains(f)).collect();
    let new: Vec<_> = second.iter().filter(|f| !first.contains(f)).collect();
    assert_eq!(gone.len(), 1, "{first:?} -> {second:?}");
    assert_eq!(new.len(), 2, "the new card and NOTES: {new:?}");
    assert!(new.contains(&&PathBuf::from("NOTES")));
    // A check removes nothing.
    let before = cache_files(site.path());
    edit(&site.path().join("content/people/ada/index.md"), |t| {
        t.replace("Principal Engineer", "Staff Engineer")
    });
    let checked = folio(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert_eq!(cache_files(site.path()), before);
}

#[test]
fn site_toml_chooses_which_pages_have_a_card_of_their_own() {
    // By default, every page shows the site's card: a default publishes at any size.
    let site = site_with(&[("ada", "photo.jpg", portrait_photo())], "");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let site_card = card_in(&out, "");
    for page in [
        "people/ada",
        "talks/2024-talk-by-ada",
        "employers/acme",
        "skills/rust",
    ] {
        assert_eq!(card_of(&out, &format!("{page}/index.html")), site_card);
        assert!(cards_in(&out, page).is_empty(), "{page} has a card");
    }
    // People's pages: a card of their own; the others still show the site's.
    let (_, set) = site_toml(site.path());
    set(PERSON_CARDS);
    build(site.path(), &out, &[]);
    assert_eq!(
        card_of(&out, "people/ada/index.html"),
        card_in(&out, "people/ada")
    );
    assert_eq!(
        card_of(&out, "talks/2024-talk-by-ada/index.html"),
        site_card
    );
    assert!(cards_in(&out, "talks/2024-talk-by-ada").is_empty());
    assert!(cards_in(&out, "skills/rust").is_empty());
    // Talks only: people's pages show the site's card, and theirs is gone.
    set("[cards]\npages = [\"talk\"]\n");
    build(site.path(), &out, &[]);
    assert_eq!(
        card_of(&out, "talks/2024-talk-by-ada/index.html"),
        card_in(&out, "talks/2024-talk-by-ada")
    );
    assert_eq!(card_of(&out, "people/ada/index.html"), card_in(&out, ""));
    assert!(cards_in(&out, "people/ada").is_empty());
    // A kind that is none is an error in site.toml.
    std::fs::write(
        site.path().join("site.toml"),
        "title = \"Team\"\n[cards]\npages = [\"people\"]\n",
    )
    .unwrap();
    let output = folio(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("site.toml:3"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_favicon_set_is_folios_own_unless_static_has_one() {
    let site = site_with(&[("ada", "photo.jpg", portrait_photo())], "");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    for (name, size) in [
        ("favicon-32.png", 32),
        ("apple-touch-icon.png", 180),
        ("icon-512.png", 512),
    ] {
        let icon = image::open(out.join(name)).unwrap();
        assert_eq!((icon.width(), icon.height()), (size, size), "{name}");
    }
    let apple = image::open(out.join("apple-touch-icon.png"))
        .unwrap()
        .to_rgba8();
    assert!(
        apple.pixels().all(|p| p[3] == 255),
        "apple-touch-icon must be opaque"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("site.webmanifest")).unwrap()).unwrap();
    assert_eq!(manifest["name"], "Team");
    let html = page(&out, "index.html");
    for (rel, href) in [
        ("icon", "/favicon.svg"),
        ("icon", "/favicon-32.png"),
        ("apple-touch-icon", "/apple-touch-icon.png"),
        ("manifest", "/site.webmanifest"),
    ] {
        assert!(
            select(&html, &format!("link[rel='{rel}'][href='{href}']")).len() == 1,
            "no <link rel={rel} href={href}>"
        );
    }
    // The site's own favicon.svg replaces ours, and the PNGs are drawn from it.
    let ours = std::fs::read(out.join("favicon-32.png")).unwrap();
    let cached = cache_files(site.path());
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(
        site.path().join("static/favicon.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#f00"/></svg>"##,
    )
    .unwrap();
    std::fs::write(
        site.path().join("static/apple-touch-icon.png"),
        png_with_alpha(),
    )
    .unwrap();
    build(site.path(), &out, &[]);
    let theirs = image::open(out.join("favicon-32.png")).unwrap().to_rgb8();
    assert_ne!(std::fs::read(out.join("favicon-32.png")).unwrap(), ours);
    assert_eq!(theirs.get_pixel(16, 16).0, [255, 0, 0]);
    assert_eq!(
        std::fs::read(out.join("apple-touch-icon.png")).unwrap(),
        png_with_alpha()
    );
    // The icons are kept in the cache, by the SVG they are drawn from: ours, three, give
    // way to the two drawn from theirs (the apple-touch-icon is theirs as it is).
    let now = cache_files(site.path());
    let gone = cached.iter().filter(|f| !now.contains(f)).count();
    let new = now.iter().filter(|f| !cached.contains(f)).count();
    assert_eq!((gone, new), (3, 2), "{cached:?} -> {now:?}");
}

#[test]
fn links_have_icons_and_keep_their_words() {
    let site = site_with(&[("ada", "photo.jpg", portrait_photo())], "");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = page(&out, "people/ada/index.html");
    let links = select(&html, ".profile-links a");
    let github = links
        .iter()
        .find(|a| a.value().attr("href") == Some("https://github.com/ada"))
        .unwrap();
    let fragment = Html::parse_fragment(&github.html());
    let svg = select(&fragment, "svg");
    assert_eq!(svg.len(), 1);
    assert_eq!(svg[0].value().attr("aria-hidden"), Some("true"));
    assert_eq!(text(github), "GitHub");
    let website = links
        .iter()
        .find(|a| a.value().attr("href") == Some("https://ada.example.org/"))
        .unwrap();
    assert_eq!(text(website), "Website");
    // Different icons for the two.
    let other = Html::parse_fragment(&website.html());
    assert_ne!(
        select(&fragment, "svg path")[0].value().attr("d"),
        select(&other, "svg path")[0].value().attr("d"),
    );
}

use scraper::Html;
