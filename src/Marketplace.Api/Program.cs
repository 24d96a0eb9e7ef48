using Marketplace.Api;
using Marketplace.Api.Hosting;
using Marketplace.Caching;
using Marketplace.Catalog;
using Marketplace.Data;
using Marketplace.Workflows;

var builder = WebApplication.CreateBuilder(args).UseMarketplaceHostDefaults(); // http://127.0.0.1:5080 unless configured
builder.Services.AddMarketplaceData();      // the database: pooled context factory, write units, start-up checks
builder.Services.AddMarketplaceBlobCache(); // the blob cache file
builder.Services.AddMarketplaceCatalog();   // sources, scanning, catalog, import, collection
builder.Services.AddMarketplaceWorkflows(); // the engine, its runner and the maintenance loop
builder.Services.AddMarketplaceApi();       // HTTP: endpoints, ProblemDetails, API keys, OpenAPI, /docs, metrics

var app = builder.Build();
app.UseMarketplaceApi();
app.MapMarketplaceEndpoints();
app.Run();

/// <summary>The API host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
