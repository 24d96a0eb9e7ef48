using Marketplace.Caching;
using Marketplace.Catalog;
using Marketplace.Data;
using Marketplace.Workflows;

// The workflow runner (and maintenance) without HTTP: run it beside an API host started with Workflows:RunnerEnabled=false,
// or as several processes on one database. Configuration is the API's: appsettings.json here, environment variables.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMarketplaceData();
builder.Services.AddMarketplaceBlobCache();
builder.Services.AddMarketplaceCatalog();
builder.Services.AddMarketplaceWorkflows();
builder.Build().Run();
