//! Integration tests: the real `folio` binary on the demo site and on fixture sites.

mod support;
mod tools;

mod build;
mod checkers;
mod demo;
mod deploy;
mod hostile;
mod images;
mod import;
mod invalid;
mod newcomer;
mod pages;
mod paging;
mod publish;
mod resumed;
mod search;
mod serve;
mod staleness;
mod themes;
