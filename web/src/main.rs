//! `hisaab-web`: the public server (pages, API, health).

/// mimalloc instead of glibc's allocator: a list page allocates a few
/// thousand small strings, and under load glibc's malloc/free were ~15 % of
/// the process's CPU (see docs/OPERATIONS.md, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod allocator;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_park(allocator::collect_when_idle)
        .build()
        .expect("hisaab-web: cannot start the async runtime");
    runtime.block_on(serve());
}

async fn serve() {
    let settings = match hisaab_service::Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hisaab-web: {e}");
            std::process::exit(2);
        }
    };
    hisaab_service::telemetry::init_tracing(&settings);
    if let Err(e) = hisaab_web::run(settings).await {
        tracing::error!(error = %format!("{e:#}"), "hisaab-web failed");
        eprintln!("hisaab-web: {e:#}");
        std::process::exit(1);
    }
}
