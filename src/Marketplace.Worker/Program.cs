using Marketplace.Workflows;

// The workflow runner (and maintenance) without HTTP: run it beside an API host started with Workflows:RunnerEnabled=false,
// or as several processes on one database. Configuration is the API's: appsettings.json here, environment variables.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMarketplaceWorkflows();
builder.Build().Run();
