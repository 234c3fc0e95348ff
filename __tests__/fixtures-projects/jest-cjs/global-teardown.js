module.exports = require('../../../dist/testing/index.cjs').globalTeardown;
