// jest's shape: a module whose export is the function.
module.exports = require('../../../dist/testing/index.cjs').globalSetup;
